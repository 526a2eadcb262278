"""Pages: who may open them, the entry form's messages, the chart and the audit trail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from linkwork.audit.models import AuditEvent
from linkwork.outcomes.models import Administration, InstrumentWording, RiskAlert
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def episode(make_episode):
    return make_episode(sessions=1, days_ago=20)


@pytest.fixture
def alerted(episode, link_worker):
    return administration_record(
        referral=episode,
        actor=link_worker,
        questionnaire=Questionnaire(
            "phq9", "baseline", episode.received_on + timedelta(days=7), "with_link_worker"
        ),
        responses=[1, 1, 1, 1, 1, 1, 1, 1, 2],
    )


def entry_url(referral, instrument="swemwbs", timepoint="baseline") -> str:
    return (
        f"/outcomes/referrals/{referral.pk}/record/?instrument={instrument}&timepoint={timepoint}"
    )


def post_data(referral, **answers):
    day = referral.received_on + timedelta(days=7)
    data = {"day": day.day, "month": day.month, "year": day.year, "mode": "with_link_worker"}
    data.update({f"item_{code}": value for code, value in answers.items()})
    return data


SWEMWBS = {
    "optimistic": "3",
    "useful": "3",
    "relaxed": "3",
    "dealing_with_problems": "3",
    "thinking_clearly": "3",
    "close_to_others": "3",
    "own_mind": "3",
}

# Users by world key, with what they get from the entry form, the person's outcomes and the
# due list. Referrers and practice managers see the referral, so recording is 403 for them.
ACCESS = [
    ("linkworker", 200, 200, 200),
    ("manager", 200, 200, 200),
    ("colleague", 200, 200, 200),
    ("gp", 403, 404, 403),
    ("practicemanager", 403, 404, 403),
    ("vcse", 404, 404, 403),
    ("commissioner", 404, 404, 403),
    ("researcher", 404, 404, 403),
    ("sysadmin", 404, 404, 403),
    ("scotlw", 404, 404, 200),
]


@pytest.mark.parametrize(("username", "record", "person", "due"), ACCESS)
def test_access(episode, alerted, username, record, person, due) -> None:
    client = client_for(username)
    assert client.get(entry_url(episode)).status_code == record
    assert client.post(entry_url(episode), post_data(episode, **SWEMWBS)).status_code in (
        {302} if record == 200 else {record}
    )
    assert client.get(f"/outcomes/people/{episode.person_id}/").status_code == person
    assert client.get("/outcomes/due/").status_code == due
    assert client.get(f"/outcomes/administrations/{alerted.pk}/").status_code == person
    alert = RiskAlert.objects.get()
    response = client.post(f"/outcomes/alerts/{alert.pk}/acknowledge/", {"note": "done"})
    assert response.status_code == (302 if person == 200 else 404)


def test_anonymous_users_are_sent_to_log_in(episode) -> None:
    response = Client().get(entry_url(episode))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_choosing_a_questionnaire(episode) -> None:
    client = client_for("linkworker")
    page = client.get(f"/outcomes/referrals/{episode.pk}/record/").content.decode()
    assert "Record a questionnaire" in page
    assert "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)" in page
    assert 'data-testid="due-here"' in page  # the baselines due at the first session
    bad = client.get(f"/outcomes/referrals/{episode.pk}/record/?instrument=mycaw&timepoint=x")
    assert "There is a problem" in bad.content.decode()


def test_entry_form_records_and_audits(episode) -> None:
    client = client_for("linkworker")
    page = client.get(entry_url(episode)).content.decode()
    assert page.count('type="radio"') == 7 * 5 + 3  # seven items on 1-5, and the mode
    assert 'data-testid="short-labels"' in page
    response = client.post(entry_url(episode), post_data(episode, **SWEMWBS), follow=True)
    assert "SWEMWBS) baseline recorded: Metric score 19.25." in response.content.decode()
    administration = Administration.objects.get()
    assert administration.mode == "with_link_worker"
    actions = set(AuditEvent.objects.values_list("object_type", "action"))
    assert {
        ("referral", "view"),
        ("outcome_administration", "create"),
        ("person", "view"),
    } <= actions


def test_out_of_range_and_incomplete_answers_are_explained(episode) -> None:
    client = client_for("linkworker")
    crafted = {**SWEMWBS, "useful": "9", "own_mind": ""}
    response = client.post(entry_url(episode), post_data(episode, **crafted))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert (
        "The answer for &#x27;feeling useful&#x27; must be a whole number from 1 to 5; got 9."
        in page
    )
    assert 'href="#id_item_useful_0"' in page  # the summary links to the radio group
    assert not Administration.objects.exists()
    response = client.post(entry_url(episode), post_data(episode, **{**SWEMWBS, "own_mind": ""}))
    page = response.content.decode()
    assert "needs every item answered; 1 item is unanswered: own mind." in page
    assert "Answer &#x27;own mind&#x27;." in page
    assert not Administration.objects.exists()


def test_ons4_with_an_item_left_blank_is_recorded_and_says_what_is_missing(episode) -> None:
    client = client_for("linkworker")
    answers = {"life_satisfaction": "7", "worthwhile": "8", "happiness": "6", "anxiety": ""}
    response = client.post(
        entry_url(episode, instrument="ons4"), post_data(episode, **answers), follow=True
    )
    page = response.content.decode()
    assert "(ONS4) baseline recorded" in page
    assert "Not answered: &#x27;anxious yesterday&#x27;." in page
    assert "correct this questionnaire to add it." in page
    assert Administration.objects.get().scores["missing"] == ["anxiety"]


def test_ons4_with_nothing_answered_names_the_items(episode) -> None:
    client = client_for("linkworker")
    response = client.post(entry_url(episode, instrument="ons4"), post_data(episode))
    page = response.content.decode()
    assert response.status_code == 400
    assert "answer at least one question." in page
    assert "Answer &#x27;life satisfaction&#x27;." in page
    assert not Administration.objects.exists()


PHQ9 = {f"q{n}": "1" for n in range(1, 10)}


def test_phq9_form_prompts_for_item_9_and_says_why(episode) -> None:
    client = client_for("linkworker")
    page = client.get(entry_url(episode, instrument="phq9")).content.decode()
    assert "Do not leave this blank: it is how PHQ-9 picks up thoughts of being" in page
    response = client.post(
        entry_url(episode, instrument="phq9"), post_data(episode, **{**PHQ9, "q9": ""})
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "is missing the answer to &#x27;thoughts of self-harm&#x27;. Ask it before saving" in (
        page
    )
    assert "Ask about &#x27;thoughts of self-harm&#x27; and record the answer" in page
    assert 'href="#id_item_q9_0"' in page
    assert "needs every item answered" not in page
    assert not Administration.objects.exists()
    response = client.post(
        entry_url(episode, instrument="phq9"),
        post_data(episode, **{**PHQ9, "q9": "2"}),
        follow=True,
    )
    assert "A risk alert has been raised" in response.content.decode()
    assert RiskAlert.objects.count() == 1


def test_mistimed_entries_are_explained(episode) -> None:
    client = client_for("linkworker")
    url = entry_url(episode, timepoint="follow_up")
    response = client.post(url, post_data(episode, **SWEMWBS))
    assert response.status_code == 400
    assert "this episode has not been discharged" in response.content.decode()
    bad_date = {**post_data(episode, **SWEMWBS), "month": "13"}
    assert "Enter a real date" in client.post(entry_url(episode), bad_date).content.decode()
    assert not Administration.objects.exists()


def test_loaded_wording_replaces_the_short_labels(episode) -> None:
    InstrumentWording.objects.create(
        instrument_id="ucla3",
        definition_version="1",
        instructions="Placeholder instructions",
        copyright="Placeholder copyright",
        items={"companionship": "Placeholder A?", "left_out": "Placeholder B?", "isolated": "C?"},
        options={code: ["Lo", "Mid", "Hi"] for code in ("companionship", "left_out", "isolated")},
    )
    page = client_for("linkworker").get(entry_url(episode, "ucla3")).content.decode()
    assert "Placeholder A?" in page
    assert "Placeholder instructions" in page
    assert "Placeholder copyright" in page
    assert ">Mid</label>" in page
    assert 'data-testid="short-labels"' not in page


def test_licensed_tools_take_typed_scores(episode) -> None:
    client = client_for("linkworker")
    page = client.get(entry_url(episode, "pam")).content.decode()
    assert 'inputmode="decimal"' in page
    assert "does not score this questionnaire itself" in page
    response = client.post(
        entry_url(episode, "pam"), post_data(episode, score="61.2", level="3"), follow=True
    )
    assert response.status_code == 200
    assert Administration.objects.get().scores["subscores"] == {"score": 61.2, "level": 3}
    response = client.post(entry_url(episode, "eq5d5l"), post_data(episode, vas="lots"))
    assert "must be a whole number from 0 to 100; got &#x27;lots&#x27;" in response.content.decode()


def test_person_page_shows_chart_table_and_alert(episode, alerted) -> None:
    client = client_for("linkworker")
    page = client.get(f"/outcomes/people/{episode.person_id}/").content.decode()
    assert "<svg" in page
    assert 'role="img"' in page
    assert 'data-testid="table-phq9"' in page
    assert 'data-testid="risk-alerts"' in page
    assert "self-harm" in page
    assert "Record a questionnaire" in page
    assert not re.search(r"\sstyle=", page), "no inline styles under the CSP"
    assert not re.search(r"<script(?![^>]*\ssrc=)", page), "no inline scripts under the CSP"
    alert = RiskAlert.objects.get()
    response = client.post(
        f"/outcomes/alerts/{alert.pk}/acknowledge/",
        {"note": "Phoned", "next": f"/outcomes/people/{episode.person_id}/"},
        follow=True,
    )
    assert "acknowledged" in response.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_by is not None
    assert alert.action_note == "Phoned"
    assert 'data-testid="risk-alerts"' not in response.content.decode()


def test_due_page_lists_questionnaires_and_alerts(episode, alerted) -> None:
    page = client_for("linkworker").get("/outcomes/due/").content.decode()
    assert "Ada Person1" in page
    assert (
        f"/outcomes/referrals/{episode.pk}/record/?instrument=swemwbs&amp;timepoint=baseline"
        in page
    )
    assert 'data-testid="risk-alerts"' in page
    nav = client_for("linkworker").get("/").content.decode()
    assert "Questionnaires due" in nav
    assert "Questionnaires due" not in client_for("researcher").get("/").content.decode()


def test_the_partials_render_alone(episode, alerted) -> None:
    from django.template.loader import render_to_string
    from django.utils import timezone

    from linkwork.outcomes.selectors import due_questionnaires_for, person_outcome_panel

    user = episode.link_worker
    html = render_to_string(
        "outcomes/_due_list.html",
        {"due_items": due_questionnaires_for(user=user, today=timezone.localdate())},
    )
    assert "Record<span" in html
    html = render_to_string(
        "outcomes/_person_outcomes.html",
        {"outcome_panel": person_outcome_panel(person=episode.person)},
    )
    assert "<svg" in html
    assert "Validated measures" in html


def test_a_questionnaire_shows_its_version_answers_and_correction(episode, alerted) -> None:
    from linkwork.outcomes.services import administration_correct

    client = client_for("linkworker")
    page = client.get(f"/outcomes/administrations/{alerted.pk}/").content.decode()
    assert '<dd class="nhsuk-summary-list__value" data-testid="definition-version">1</dd>' in page
    assert page.index("Item 1") < page.index("Item 8") < page.index("Thoughts of self-harm")
    corrected = administration_correct(
        administration=alerted,
        actor=episode.link_worker,
        responses=[1, 1, 1, 1, 1, 1, 1, 1, 0],
        reason="Item 9 was mis-keyed.",
    )
    page = client.get(f"/outcomes/administrations/{alerted.pk}/").content.decode()
    assert f"/outcomes/administrations/{corrected.pk}/" in page
    assert (
        "Item 9 was mis-keyed."
        in client.get(f"/outcomes/administrations/{corrected.pk}/").content.decode()
    )


def test_a_questionnaire_sent_twice_is_recorded_once(episode) -> None:
    client = client_for("linkworker")
    page = client.get(entry_url(episode)).content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f]{32})"', page)
    assert key is not None
    data = {**post_data(episode, **SWEMWBS), "submission_key": key.group(1)}
    client.post(entry_url(episode), data)
    again = client.post(entry_url(episode), data, follow=True)
    assert "already sent and saved" in again.content.decode()
    assert Administration.objects.count() == 1
