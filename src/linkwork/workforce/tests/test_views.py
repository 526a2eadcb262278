"""The pages: who may open what (200/403/404), and what they do. Supervision, training and
wellbeing records are the link worker's and their line manager's only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.clock import today
from linkwork.testing.world import CAST_ROLES, SmallWorld
from linkwork.workforce.models import PracticeFund, SchemeCost, SupportSession
from linkwork.workforce.services import session_record
from linkwork.workforce.tests.helpers import client_for, make_post, make_team_lead

pytestmark = pytest.mark.django_db

# Expected status for each role, in CAST_ROLES order: LW, SM, GP, PM, VCSE, COMM, RES, ADMIN.
SCHEME_PAGES = {
    "workforce:scheme_posts": (403, 200, 404, 404, 404, 404, 404, 200),
    "workforce:scheme_costs": (403, 200, 404, 404, 404, 404, 404, 200),
    "workforce:scheme_indicators": (403, 200, 404, 404, 404, 200, 404, 200),
}


@pytest.mark.parametrize("url_name", list(SCHEME_PAGES))
def test_scheme_pages_access_matrix(world: SmallWorld, url_name: str) -> None:
    url = reverse(url_name, args=[world.scheme.slug])
    got = tuple(client_for(world.users[role]).get(url).status_code for role in CAST_ROLES)
    assert got == SCHEME_PAGES[url_name]


def test_practice_resources_access_matrix(world: SmallWorld) -> None:
    url = reverse("workforce:practice_resources", args=[world.practice.pk])
    got = tuple(client_for(world.users[role]).get(url).status_code for role in CAST_ROLES)
    assert got == (404, 200, 403, 200, 404, 404, 404, 200)
    other = reverse("workforce:practice_resources", args=[world.practice_b.pk])
    assert client_for(world.users[Role.SCHEME_MANAGER]).get(other).status_code == 404


def test_supervision_is_seen_by_the_link_worker_and_line_manager_only(world: SmallWorld) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    session_record(
        actor=lead,
        post=post,
        kind="supervision",
        held_on=today() - timedelta(days=3),
        duration_minutes=60,
        content="Talked through a hard case.",
    )
    url = reverse("workforce:post_detail", args=[post.pk])
    for user in (lead, world.users[Role.LINK_WORKER]):
        page = client_for(user).get(url)
        assert page.status_code == 200
        assert "Talked through a hard case." in page.content.decode()
    # The other scheme manager, not the line manager, and a colleague in the same team.
    assert client_for(world.users[Role.SCHEME_MANAGER]).get(url).status_code == 403
    assert client_for(world.extra["colleague"]).get(url).status_code == 403
    assert client_for(world.users[Role.SYSTEM_ADMIN]).get(url).status_code == 403
    assert client_for(world.users[Role.COMMISSIONER]).get(url).status_code == 404


def test_a_line_manager_records_supervision_through_the_page(world: SmallWorld) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    day = today() - timedelta(days=2)
    response = client_for(lead).post(
        reverse("workforce:session_add", args=[post.pk]),
        {
            "kind": "supervision",
            "held_on": day.isoformat(),
            "duration_minutes": "50",
            "content": "Reviewed caseload.",
        },
    )
    assert response.status_code == 302
    assert SupportSession.objects.get().supervisor == lead
    # The link worker cannot record supervision for themselves: the page says why.
    refused = client_for(world.users[Role.LINK_WORKER]).post(
        reverse("workforce:session_add", args=[post.pk]),
        {"kind": "supervision", "held_on": day.isoformat(), "duration_minutes": "50"},
    )
    assert refused.status_code == 400
    assert (
        "Only the link worker&#x27;s line manager records supervision" in refused.content.decode()
    )
    assert SupportSession.objects.count() == 1


def test_the_scheme_manager_adds_a_post_and_a_bad_one_is_explained(world: SmallWorld) -> None:
    manager = client_for(world.users[Role.SCHEME_MANAGER])
    url = reverse("workforce:scheme_posts", args=[world.scheme.slug])
    bad = manager.post(url, {"title": "Link worker", "contracted_hours": "90"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "“Contracted hours a week” must be 48 or less." in body
    assert "Enter a date for “Start date”." in body
    good = manager.post(
        url,
        {
            "title": "Link worker (homelessness)",
            "holder": str(world.users[Role.LINK_WORKER].pk),
            "contracted_hours": "30",
            "started_on": "2025-05-01",
            "employer": str(world.pcn.pk),
            "thematic_role": "homelessness",
            "practices": [str(world.practice.pk)],
        },
    )
    assert good.status_code == 302
    page = manager.get(url).content.decode()
    assert "Link worker (homelessness)" in page
    assert "0.80" in page


def test_funds_and_costs_are_recorded_through_the_pages(world: SmallWorld) -> None:
    pm = client_for(world.users[Role.PRACTICE_MANAGER])
    response = pm.post(
        reverse("workforce:fund_add", args=[world.practice.pk]),
        {
            "scheme": str(world.scheme.pk),
            "amount_gbp": "35000",
            "period_start": "2025-04-01",
            "period_end": "2026-03-31",
            "purpose": "gp_time",
        },
    )
    assert response.status_code == 302
    assert PracticeFund.objects.get().amount_gbp == 35000
    page = pm.get(reverse("workforce:practice_resources", args=[world.practice.pk]))
    assert "£35,000.00" in page.content.decode()
    sm = client_for(world.users[Role.SCHEME_MANAGER])
    costs = reverse("workforce:scheme_costs", args=[world.scheme.slug])
    bad = sm.post(costs, {"period_start": "2026-04-01", "period_end": "2025-04-01"})
    assert bad.status_code == 400
    assert "Choose an answer for “Category”." in bad.content.decode()
    assert not SchemeCost.objects.exists()


def test_indicators_show_the_schemes_and_their_delivery_model(world: SmallWorld) -> None:
    make_post(world)
    page = client_for(world.users[Role.COMMISSIONER]).get(reverse("workforce:indicators"))
    assert page.status_code == 200
    body = page.content.decode()
    assert world.scheme.name in body
    assert "Model 1" in body
    assert "[c]" in body  # one link worker: the count is small
    refused = client_for(world.users[Role.REFERRER_GP]).get(reverse("workforce:indicators"))
    assert refused.status_code == 403


def test_the_index_lists_what_each_person_can_open(world: SmallWorld) -> None:
    post = make_post(world)
    worker = client_for(world.users[Role.LINK_WORKER]).get(reverse("workforce:index"))
    assert reverse("workforce:post_detail", args=[post.pk]) in worker.content.decode()
    manager = client_for(world.users[Role.SCHEME_MANAGER]).get(reverse("workforce:index"))
    assert reverse("workforce:scheme_posts", args=[world.scheme.slug]) in manager.content.decode()


def test_a_record_is_removed_by_whoever_recorded_it_or_the_line_manager(
    world: SmallWorld,
) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    worker = world.users[Role.LINK_WORKER]
    peer = session_record(
        actor=worker, post=post, kind="peer_support", held_on=today(), duration_minutes=30
    )
    supervision = session_record(
        actor=lead, post=post, kind="supervision", held_on=today(), duration_minutes=60
    )
    url = reverse("workforce:record_remove", args=["session", supervision.pk])
    # A colleague cannot reach it; the link worker did not record it and is not the manager.
    assert client_for(world.extra["colleague"]).post(url).status_code == 403
    client_for(worker).post(url)
    assert SupportSession.objects.filter(pk=supervision.pk).exists()
    client_for(lead).post(url)
    assert not SupportSession.objects.filter(pk=supervision.pk).exists()
    client_for(lead).post(reverse("workforce:record_remove", args=["session", peer.pk]))
    assert not SupportSession.objects.exists()
    missing = reverse("workforce:record_remove", args=["nonsense", peer.pk])
    assert client_for(lead).post(missing).status_code == 404


def test_extra_consultation_minutes_are_shown_with_a_thousands_separator(
    world: SmallWorld,
) -> None:
    pm = client_for(world.users[Role.PRACTICE_MANAGER])
    response = pm.post(
        reverse("workforce:protected_time_add", args=[world.practice.pk]),
        {
            "scheme": str(world.scheme.pk),
            "period_start": "2025-04-01",
            "period_end": "2026-03-31",
            "staff_name": "Dr A Example",
            "staff_group": "gp",
            "hours_per_week": "2",
            "extra_consultation_minutes": "7200",
        },
    )
    assert response.status_code == 302
    page = pm.get(reverse("workforce:practice_resources", args=[world.practice.pk]))
    body = page.content.decode()
    assert "7,200 extra consultation minutes recorded" in body
    assert "7200" not in body
