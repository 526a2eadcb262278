"""The pages a link worker uses: a contact note, a concern recorded from a prompt (prefilled,
linked back to the alert), a prompt dismissed with a reason, a concern updated; and what the
person's subject access report shows of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.episodes.models import Referral
from linkwork.outcomes.models import RiskAlert
from linkwork.people.subject_access import subject_access_report
from linkwork.safeguarding.models import Concern, ContactNote, PromptDismissal

pytestmark = pytest.mark.django_db


def _date(name: str, day: object) -> dict[str, str]:
    return {name: day.isoformat()}  # type: ignore[attr-defined]


@pytest.fixture
def client(link_worker: User) -> Client:
    client = Client()
    client.force_login(link_worker)
    return client


def test_a_contact_note_is_saved_and_shown_on_the_episode(
    client: Client, episode: Referral
) -> None:
    url = reverse("safeguarding:contact_note_new", args=[episode.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "phone", "with_whom": "", "note": "", "contacted_on": ""})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Fill in “With whom”." in text
    assert "Enter a date for “Date of contact”." in text
    assert not ContactNote.objects.exists()
    good = client.post(
        url,
        {
            "kind": "letter",
            "with_whom": "Housing officer",
            "note": "Sent the tenancy letter.",
            **_date("contacted_on", timezone.localdate()),
        },
    )
    assert good.status_code == 302
    page = client.get(reverse("episodes:referral_detail", args=[episode.pk])).content.decode()
    assert "Sent the tenancy letter." in page
    assert "Contact outside a session: Letter" in page


def test_a_concern_from_the_alert_prompt_is_prefilled_and_linked(
    client: Client, episode: Referral, alert: RiskAlert
) -> None:
    page = client.get(reverse("episodes:referral_detail", args=[episode.pk])).content.decode()
    assert 'data-testid="safeguarding-prompt"' in page
    url = reverse("safeguarding:concern_new", args=[episode.pk])
    form = client.get(f"{url}?source=risk_alert&alert={alert.pk}").content.decode()
    assert 'value="self_harm" checked' in form
    assert f'value="{alert.pk}"' in form
    response = client.post(
        url,
        {
            "category": "self_harm",
            "observed": "Item 9 answered 'several days'.",
            "actions": "Safety plan made; GP told.",
            "risk_alert": str(alert.pk),
            **_date("review_on", timezone.localdate() + timedelta(days=7)),
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.risk_alert == alert
    page = client.get(reverse("episodes:referral_detail", args=[episode.pk])).content.decode()
    assert 'data-testid="safeguarding-prompt"' not in page
    detail = client.get(reverse("safeguarding:concern", args=[concern.pk])).content.decode()
    assert "PHQ-9" in detail


def test_a_concern_with_problems_is_shown_again_with_each_named(
    client: Client, episode: Referral
) -> None:
    response = client.post(
        reverse("safeguarding:concern_new", args=[episode.pk]),
        {
            "category": "adult",
            "observed": "Seen.",
            "actions": "Done.",
            "lead_name": "Sam Lead",
            **_date("review_on", timezone.localdate() - timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the date the safeguarding lead was informed." in text
    assert "The review date cannot be in the past." in text
    assert not Concern.objects.exists()


def test_a_prompt_is_dismissed_only_with_a_reason(
    client: Client, episode: Referral, alert: RiskAlert
) -> None:
    url = reverse("safeguarding:prompt_dismiss", args=[episode.pk])
    assert client.get(f"{url}?source=risk_alert&risk_alert={alert.pk}").status_code == 200
    sent = {"source": "risk_alert", "risk_alert": str(alert.pk)}
    response = client.post(url, {**sent, "reason": ""})
    assert response.status_code == 400
    assert "Fill in “Why no safeguarding concern is needed”." in response.content.decode()
    assert client.post(url, {**sent, "reason": "Misread; checked."}).status_code == 302
    assert PromptDismissal.objects.get().risk_alert == alert
    # Acted on: asking again goes back to the episode.
    assert client.get(f"{url}?source=risk_alert&risk_alert={alert.pk}").status_code == 302


def test_an_update_on_the_concern_page(client: Client, concern: Concern) -> None:
    url = reverse("safeguarding:concern_update", args=[concern.pk])
    bad = client.post(url, {"status": "under_review", "note": ""})
    assert bad.status_code == 400
    assert "Enter a date for “Review date”." in bad.content.decode()
    good = client.post(
        url,
        {
            "status": "under_review",
            "note": "Lead has it.",
            **_date("review_on", timezone.localdate() + timedelta(days=3)),
        },
    )
    assert good.status_code == 302
    page = client.get(reverse("safeguarding:concern", args=[concern.pk])).content.decode()
    assert "Under review: Lead has it." in page


def test_subject_access_shows_concerns_their_history_and_contact_notes(
    client: Client, concern: Concern, link_worker: User
) -> None:
    from linkwork.safeguarding.services import concern_update, contact_note_record

    contact_note_record(
        referral=concern.referral,
        actor=link_worker,
        kind="message",
        contacted_on=timezone.localdate(),
        with_whom="The person",
        note="Texted the café times.",
    )
    concern_update(
        concern=concern,
        actor=link_worker,
        status="under_review",
        note="Lead reviewing.",
        review_on=timezone.localdate() + timedelta(days=5),
    )
    report = subject_access_report(person=concern.person, actor=link_worker)
    sections = {s.key: s for s in report.sections}
    values = {
        key: [item.value for record in sections[key].records for item in record.items]
        for key in (
            "safeguarding.concern",
            "safeguarding.concernupdate",
            "safeguarding.contactnote",
        )
    }
    assert "Adult safeguarding" in values["safeguarding.concern"]
    assert "Under review" in values["safeguarding.concern"]
    assert "Lead reviewing." in values["safeguarding.concernupdate"]
    assert "Message" in values["safeguarding.contactnote"]
    assert "Texted the café times." in values["safeguarding.contactnote"]
    assert sections["safeguarding.concern"].title == "Safeguarding concerns"
