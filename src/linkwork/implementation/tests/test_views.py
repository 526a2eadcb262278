"""The pages: who may open what (200/403/404), and what they do."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.implementation.models import Activity, Coverage, Handover, NomadResponse
from linkwork.implementation.nomad import CONSTRUCT_ITEMS, GENERAL_ITEMS
from linkwork.implementation.tests.helpers import Cast, agreeing, client_for, cover, nomad_round
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.services import organisation_create
from linkwork.testing.world import CAST_ROLES, SmallWorld

pytestmark = pytest.mark.django_db

LW, SM, GP, PM = Role.LINK_WORKER, Role.SCHEME_MANAGER, Role.REFERRER_GP, Role.PRACTICE_MANAGER
VCSE, COMM, RES, ADMIN = Role.VCSE_WORKER, Role.COMMISSIONER, Role.RESEARCHER, Role.SYSTEM_ADMIN

# Expected status for each role, in CAST_ROLES order: LW, SM, GP, PM, VCSE, COMM, RES, ADMIN.
PRACTICE_PAGES = {
    "implementation:practice_dashboard": (403, 200, 403, 200, 404, 404, 404, 200),
    "implementation:events": (200, 200, 403, 200, 404, 404, 404, 200),
    "implementation:continuity": (200, 200, 403, 200, 404, 404, 404, 200),
    "implementation:initiatives": (200, 200, 403, 200, 404, 404, 404, 200),
    "implementation:leadership": (200, 200, 403, 200, 404, 404, 404, 200),
    "implementation:nomad_rounds": (403, 200, 403, 200, 404, 404, 404, 200),
}
OTHER_PAGES = {
    "implementation:index": (200, 200, 403, 200, 403, 403, 403, 200),
    "implementation:activity_week": (200, 403, 403, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("url_name", list(PRACTICE_PAGES))
def test_practice_pages_access_matrix(world: SmallWorld, url_name: str) -> None:
    url = reverse(url_name, args=[world.practice.pk])
    got = tuple(client_for(world.users[role]).get(url).status_code for role in CAST_ROLES)
    assert got == PRACTICE_PAGES[url_name]
    other = reverse(url_name, args=[world.practice_b.pk])  # not served by their scheme
    assert client_for(world.users[SM]).get(other).status_code == 404
    assert client_for(world.users[PM]).get(other).status_code == 404
    assert client_for(world.users[LW]).get(other).status_code == 404
    assert client_for(world.users[ADMIN]).get(other).status_code == 200


@pytest.mark.parametrize("url_name", list(OTHER_PAGES))
def test_other_pages_access_matrix(world: SmallWorld, url_name: str) -> None:
    url = reverse(url_name)
    got = tuple(client_for(world.users[role]).get(url).status_code for role in CAST_ROLES)
    assert got == OTHER_PAGES[url_name]


def test_scheme_dashboard_access_matrix(world: SmallWorld) -> None:
    url = reverse("implementation:scheme_dashboard", args=[world.scheme.slug])
    got = tuple(client_for(world.users[role]).get(url).status_code for role in CAST_ROLES)
    assert got == (403, 200, 404, 403, 404, 404, 404, 200)
    other = reverse("implementation:scheme_dashboard", args=[world.scot_scheme.slug])
    assert client_for(world.users[SM]).get(other).status_code == 404


def test_writes_need_a_manager(cast: Cast) -> None:
    cover(cast)
    urls = [
        reverse("implementation:coverage_add", args=[cast.practice.pk]),
        reverse("implementation:absence_add", args=[cast.practice.pk]),
        reverse("implementation:handover_add", args=[cast.practice.pk]),
        reverse("implementation:initiatives", args=[cast.practice.pk]),
        reverse("implementation:leadership", args=[cast.practice.pk]),
    ]
    for url in urls:
        assert client_for(cast.lw).post(url, {}).status_code == 403, url
        assert client_for(cast.gp).post(url, {}).status_code == 403, url
        assert client_for(cast.world.users[VCSE]).post(url, {}).status_code == 404, url
    assert Coverage.objects.count() == 1


def test_pages_need_a_login_except_the_survey(world: SmallWorld) -> None:
    response = Client().get(reverse("implementation:practice_dashboard", args=[world.practice.pk]))
    assert response.status_code == 302
    assert Client().get(reverse("implementation:nomad_answer", args=["nope"])).status_code == 404


def test_a_link_worker_logs_activity_in_a_few_clicks(cast: Cast) -> None:
    client = client_for(cast.lw)
    today = timezone.localdate()
    page = client.get(reverse("implementation:activity_week"))
    assert page.status_code == 200
    week = page.context["log"].start
    url = f"{reverse('implementation:activity_week')}?week={week.isoformat()}"
    data = {
        "practice": cast.practice.pk,
        "occurred_on": today.isoformat(),
        "kind": "staff_wellbeing",
        "minutes": "45",
    }
    assert client.post(url, data).status_code == 302
    htmx = client.post(
        url,
        {**data, "kind": "referral_pathway", "minutes": "", "other_minutes": "50"},
        HTTP_HX_REQUEST="true",
    )
    assert htmx.status_code == 200
    body = htmx.content.decode()
    assert body.lstrip().startswith('<div id="log"')  # only the partial
    assert "Developing a referral pathway" in body
    assert list(Activity.objects.order_by("minutes").values_list("minutes", "level")) == [
        (45, "practice"),
        (50, "community"),
    ]
    bad = client.post(url, {**data, "minutes": "", "kind": ""})
    assert bad.status_code == 400
    assert "Choose the time spent" in bad.content.decode()
    activity = Activity.objects.first()
    assert activity is not None
    remove = reverse("implementation:activity_delete", args=[activity.pk])
    assert client_for(cast.lw2).post(remove).status_code == 404
    assert client.post(remove).status_code == 302
    assert Activity.objects.count() == 1


def test_practice_events_record_attendance(cast: Cast) -> None:
    url = reverse("implementation:events", args=[cast.practice.pk])
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    data = {"held_on": day, "kind": "team_meeting", "title": "Team time", "gps": 3, "nurses": 1,
            "reception_admin": 4, "managers": 1}  # fmt: skip
    assert client_for(cast.lw).post(url, data).status_code == 302
    page = client_for(cast.pm).get(url).content.decode()
    assert "Team time" in page
    empty = client_for(cast.pm).post(url, {**data, "gps": 0, "nurses": 0, "reception_admin": 0,
                                           "managers": 0})  # fmt: skip
    assert empty.status_code == 400
    assert "at least one person" in empty.content.decode()


def test_continuity_forms_record_coverage_absence_and_handover(cast: Cast) -> None:
    client = client_for(cast.sm)
    pk = cast.practice.pk
    post = client.post(
        reverse("implementation:coverage_add", args=[pk]),
        {"coverage-link_worker": cast.lw.pk, "coverage-started_on": "2025-01-01"},
    )
    assert post.status_code == 302
    post = client.post(
        reverse("implementation:absence_add", args=[pk]),
        {"absence-kind": "sick_leave", "absence-link_worker": cast.lw.pk,
         "absence-started_on": "2026-06-15", "absence-cover": "patients_only",
         "absence-cover_by": cast.lw2.pk, "absence-cover_note": "Urgent referrals"},
    )  # fmt: skip
    assert post.status_code == 302
    post = client.post(
        reverse("implementation:handover_add", args=[pk]),
        {"handover-outgoing": cast.lw.pk, "handover-outgoing_last_day": "2026-08-14",
         "handover-incoming": cast.lw2.pk, "handover-incoming_first_day": "2026-08-03"},
        follow=True,
    )  # fmt: skip
    assert "(12 days&#x27; overlap)" in post.content.decode()
    assert Handover.objects.count() == 1
    bad = client.post(
        reverse("implementation:handover_add", args=[pk]),
        {"handover-outgoing": cast.lw.pk, "handover-outgoing_last_day": "2020-01-01",
         "handover-incoming": cast.lw2.pk, "handover-incoming_first_day": "2020-01-02"},
    )  # fmt: skip
    assert bad.status_code == 400
    assert "does not cover this practice on their last day" in bad.content.decode()


def test_a_manager_opens_a_round_and_staff_answer_without_logging_in(cast: Cast) -> None:
    manager = client_for(cast.pm)
    closes = (timezone.localdate() + timedelta(days=20)).isoformat()
    page = manager.post(
        reverse("implementation:nomad_rounds", args=[cast.practice.pk]),
        {"closes_on": closes, "links": 2, "programme_name": "link work"},
    )
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    links = re.findall(r"<code>(http[^<]+)</code>", page.content.decode())
    assert len(links) == 2
    path = links[0].removeprefix("http://testserver")
    anonymous = Client(enforce_csrf_checks=True)
    form = anonymous.get(path)
    assert form.status_code == 200
    assert form["Referrer-Policy"] == "same-origin"
    assert form["X-Robots-Tag"] == "noindex, nofollow"
    html = form.content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    answers = {item.code: "4" for item in CONSTRUCT_ITEMS} | {"co1": "nr_stage", "g1": "7"}
    assert anonymous.post(path, answers).status_code == 403  # no CSRF token
    done = anonymous.post(path, {**answers, "csrfmiddlewaretoken": token.group(1)})
    assert done.status_code == 200
    assert "Thank you" in done.content.decode()
    saved = NomadResponse.objects.get().answers
    assert saved["co1"] == "nr_stage"
    assert saved["ca1"] == 4
    assert "g2" not in saved
    again = anonymous.get(path)
    assert again.status_code == 404
    assert "cannot be used" in again.content.decode()
    assert len(GENERAL_ITEMS) == 3


def test_the_answer_form_reports_missing_answers(cast: Cast) -> None:
    manager = client_for(cast.pm)
    closes = (timezone.localdate() + timedelta(days=20)).isoformat()
    page = manager.post(
        reverse("implementation:nomad_rounds", args=[cast.practice.pk]),
        {"closes_on": closes, "links": 1, "programme_name": "link work"},
    )
    (link,) = re.findall(r"<code>http://testserver([^<]+)</code>", page.content.decode())
    response = Client().post(link, {"co1": "5"})
    assert response.status_code == 400
    assert "Choose an answer" in response.content.decode()
    assert not NomadResponse.objects.exists()


def test_a_small_round_shows_no_scores_and_no_counts(cast: Cast) -> None:
    survey = nomad_round(cast.practice, cast.pm, answers=[agreeing(5)] * 4)
    page = client_for(cast.pm).get(reverse("implementation:nomad_round", args=[survey.pk]))
    html = page.content.decode()
    assert 'data-testid="construct-scores"' not in html
    assert 'data-testid="group-counts"' not in html
    assert "Fewer than 5" in html
    responses_cell = re.search(r'data-testid="responses">([^<]*)<', html)
    assert responses_cell is not None
    assert "4" not in responses_cell.group(1)
    listing = client_for(cast.pm).get(
        reverse("implementation:nomad_rounds", args=[cast.practice.pk])
    )
    cells = re.findall(r'data-testid="round-responses">([^<]*)<', listing.content.decode())
    assert cells == ["Fewer than 5, or the round is still open"]


def test_a_large_closed_round_shows_construct_means(cast: Cast) -> None:
    survey = nomad_round(cast.practice, cast.pm, answers=[agreeing(4)] * 6)
    html = client_for(cast.sm).get(reverse("implementation:nomad_round", args=[survey.pk])).content
    assert b'data-testid="construct-scores"' in html
    assert b"4.00" in html


def test_dashboards_show_classification_shortfalls_and_trend(cast: Cast) -> None:
    cover(cast)
    url = reverse("implementation:practice_dashboard", args=[cast.practice.pk])
    page = client_for(cast.pm).get(url, {"period": "2026-Q3"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Not yet assessable" in html or "Partially integrated" in html
    assert "<svg" in html
    assert " style=" not in html
    assert len(page.context["trail"]) == 4
    assert f'data-testid="trend">{page.context["trend"].label}<' in html  # words, not a code
    bad = client_for(cast.pm).get(url, {"period": "soon"})
    assert bad.status_code == 200
    assert "is not a period" in bad.content.decode()
    scheme = client_for(cast.sm).get(
        reverse("implementation:scheme_dashboard", args=[cast.scheme.slug]), {"period": "2026-Q3"}
    )
    assert cast.practice.name in scheme.content.decode()
    (row,) = [r for r in scheme.context["rows"] if r[0] == cast.practice]
    assert f'data-testid="trend">{row[3].label}<' in scheme.content.decode()


def test_the_scheme_dashboard_queries_do_not_grow_with_practices(cast: Cast) -> None:
    url = reverse("implementation:scheme_dashboard", args=[cast.scheme.slug])
    client = client_for(cast.sm)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        practice = organisation_create(
            name=f"Extra {n}", kind=OrgKind.GP_PRACTICE, region=cast.world.england,
            parent=cast.world.pcn, list_size=5000,
        )  # fmt: skip
        cast.scheme.practices.add(practice)
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)


def test_system_admins_set_a_scheme_rule_with_validation(cast: Cast) -> None:
    admin = client_for(cast.admin)
    url = reverse("admin:implementation_ruleoverride_add")
    assert admin.get(url).status_code == 200
    bad = admin.post(
        url,
        {"scheme": cast.scheme.pk, "overrides": '{"min_practice_share_pct": 500}', "reason": "x"},
    )
    assert bad.status_code == 200
    assert "Give a number from 0 to 100" in bad.content.decode()
    good = admin.post(
        url,
        {"scheme": cast.scheme.pk, "overrides": '{"min_practice_share_pct": 15}', "reason": "x"},
    )
    assert good.status_code == 302
    assert client_for(cast.sm).get(url).status_code == 302  # not staff: sent to the admin login


def test_an_event_or_coverage_form_sent_twice_is_recorded_once(cast: Cast) -> None:
    from linkwork.implementation.models import Coverage, PracticeEvent

    url = reverse("implementation:events", args=[cast.practice.pk])
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    data = {"held_on": day, "kind": "team_meeting", "title": "Team time", "gps": 3, "nurses": 1,
            "reception_admin": 4, "managers": 1, "submission_key": "e" * 32}  # fmt: skip
    client = client_for(cast.lw)
    client.post(url, data)
    again = client.post(url, data, follow=True)
    assert "already sent and saved" in again.content.decode()
    assert PracticeEvent.objects.filter(title="Team time").count() == 1
    coverage = reverse("implementation:coverage_add", args=[cast.practice.pk])
    form = {"coverage-link_worker": cast.lw.pk, "coverage-started_on": "2025-01-01",
            "submission_key": "c" * 32}  # fmt: skip
    manager = client_for(cast.sm)
    manager.post(coverage, form)
    manager.post(coverage, form)
    assert Coverage.objects.filter(link_worker=cast.lw).count() == 1


def test_the_activity_log_offers_only_days_that_have_happened(cast: Cast, settings) -> None:
    from datetime import date

    settings.LINKWORK_TODAY = date(2026, 12, 2)  # a Wednesday
    page = client_for(cast.lw).get(reverse("implementation:activity_week")).content.decode()
    assert "Wed 2 Dec" in page
    assert "Thu 3 Dec" not in page
    assert "Sun 6 Dec" not in page
