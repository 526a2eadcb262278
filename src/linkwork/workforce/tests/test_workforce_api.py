"""The JSON API records workforce records as the workforce pages do: supervision, training and
wellbeing only by the link worker and their line manager; a practice's funds and protected time
by its managers; a scheme's costs by its managers; GP appointment counts by who records on the
episode. Once per Idempotency-Key; another scheme's records are not found."""

from __future__ import annotations

from datetime import timedelta

import pytest

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.testing.api import post_json
from linkwork.testing.world import SmallWorld, refer_and_start
from linkwork.workforce.models import (
    GpAppointments,
    PracticeFund,
    SchemeCost,
    SupportSession,
    TrainingRecord,
    WellbeingCheck,
)
from linkwork.workforce.selectors import scheme_standard
from linkwork.workforce.tests.helpers import client_for, make_post, make_team_lead

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> str:
    return (clock.today() - timedelta(days=days)).isoformat()


def test_a_posts_records_only_by_the_link_worker_and_line_manager(world: SmallWorld) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    url = f"/api/v1/workforce/posts/{post.pk}"
    supervision = {"kind": "supervision", "held_on": _days_ago(3), "duration_minutes": 60}
    made = post_json(client_for(lead), f"{url}/sessions", supervision, key="sup-key-0001")
    assert made.status_code == 201, made.content
    again = post_json(client_for(lead), f"{url}/sessions", supervision, key="sup-key-0001")
    assert again.json() == made.json()
    assert SupportSession.objects.count() == 1
    holder = client_for(world.users[Role.LINK_WORKER])
    own = post_json(holder, f"{url}/sessions", supervision)
    assert (own.status_code, set(own.json()["errors"])) == (400, {"kind"})
    course = {"course": "Motivational interviewing", "completed_on": _days_ago(9), "provider": ""}
    bodies = {"sessions": supervision, "training": course, "wellbeing": {"answers": [3]}}
    # The scheme's other manager sees the post, but not its private records.
    manager = client_for(world.users[Role.SCHEME_MANAGER])
    assert post_json(manager, f"{url}/training", course).status_code == 403
    outsider = client_for(world.extra["scot_link_worker"])
    for what, body in bodies.items():
        assert post_json(outsider, f"{url}/{what}", body).status_code == 404, what
    no_provider = post_json(holder, f"{url}/training", course)
    assert (no_provider.status_code, set(no_provider.json()["errors"])) == (400, {"provider"})
    trained = post_json(holder, f"{url}/training", {**course, "provider": "NHS England"})
    assert trained.status_code == 201, trained.content
    items = len(scheme_standard(post.scheme).wellbeing_items)
    short = post_json(holder, f"{url}/wellbeing", {"answers": [3]})
    assert (short.status_code, set(short.json()["errors"])) == (400, {"answers"})
    checked = post_json(holder, f"{url}/wellbeing", {"answers": [4] * items}, key="wb-key-0001")
    assert checked.status_code == 201, checked.content
    by_lead = post_json(client_for(lead), f"{url}/wellbeing", {"answers": [4] * items})
    assert by_lead.status_code == 400
    assert (TrainingRecord.objects.count(), WellbeingCheck.objects.count()) == (1, 1)


def test_a_practices_fund_and_a_schemes_cost(world: SmallWorld) -> None:
    practice_manager = client_for(world.users[Role.PRACTICE_MANAGER])
    fund = {
        "scheme": str(world.scheme.pk),
        "period_start": "2026-04-01",
        "period_end": "2027-03-31",
        "amount_gbp": "1500.00",
        "purpose": "gp_time",
    }
    url = f"/api/v1/workforce/practices/{world.practice.pk}/funds"
    made = post_json(practice_manager, url, fund, key="fund-key-0001")
    assert made.status_code == 201, made.content
    assert post_json(practice_manager, url, fund, key="fund-key-0001").json() == made.json()
    assert PracticeFund.objects.count() == 1
    wrong = post_json(practice_manager, url, {**fund, "scheme": str(world.scot_scheme.pk)})
    assert (wrong.status_code, set(wrong.json()["errors"])) == (400, {"scheme"})
    backwards = post_json(practice_manager, url, {**fund, "period_end": "2026-01-01"})
    assert backwards.status_code == 400
    typed = post_json(practice_manager, url, {**fund, "amount_gbp": "lots"})
    assert (typed.status_code, set(typed.json()["errors"])) == (422, {"amount_gbp"})
    theirs = f"/api/v1/workforce/practices/{world.scot_practice.pk}/funds"
    assert post_json(practice_manager, theirs, fund).status_code == 404
    cost = {
        "period_start": "2026-04-01",
        "period_end": "2027-03-31",
        "category": "staff",
        "amount_gbp": 30000,
    }
    manager = client_for(world.users[Role.SCHEME_MANAGER])
    costs = f"/api/v1/workforce/schemes/{world.scheme.slug}/costs"
    recorded = post_json(manager, costs, cost, key="cost-key-0001")
    assert recorded.status_code == 201, recorded.content
    clash = post_json(manager, costs, cost)
    assert (clash.status_code, set(clash.json()["errors"])) == (400, {"category"})
    other = f"/api/v1/workforce/schemes/{world.scot_scheme.slug}/costs"
    assert post_json(manager, other, cost).status_code == 404
    assert SchemeCost.objects.count() == 1


def test_gp_appointment_counts_on_an_episode(world: SmallWorld) -> None:
    episode = refer_and_start(world, received_on=clock.today() - timedelta(days=400))
    url = f"/api/v1/workforce/episodes/{episode.pk}/gp-appointments"
    counts = {
        "consent_recorded_on": _days_ago(1),
        "window_months": 6,
        "count_before": 9,
        "count_after": 4,
        "source": "practice_record",
    }
    worker = client_for(world.users[Role.LINK_WORKER])
    made = post_json(worker, url, counts, key="gp-key-0001")
    assert made.status_code == 201, made.content
    assert post_json(worker, url, counts, key="gp-key-0001").json() == made.json()
    no_consent = post_json(worker, url, {**counts, "consent_recorded_on": None})
    assert (no_consent.status_code, "consent_recorded_on" in no_consent.json()["errors"]) == (
        400,
        True,
    )
    outsider = client_for(world.extra["scot_link_worker"])
    assert post_json(outsider, url, counts).status_code == 404
    assert GpAppointments.objects.get().count_before == 9
