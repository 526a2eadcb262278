from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Assignment, Encounter
from linkwork.episodes.selectors.episode import episode_summary
from linkwork.episodes.selectors.sessions import encounter_minutes_by_practice
from linkwork.episodes.services.connections import connection_create, connection_set_status
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.financial_gains import financial_gain_record
from linkwork.episodes.services.handover import caseload_handover
from linkwork.episodes.services.lifecycle import referral_set_at_risk
from linkwork.episodes.services.plan import goal_add, goal_set_status
from linkwork.organisations.services import scheme_policy_set
from linkwork.testing.world import SmallWorld, default_policy, refer_and_start

pytestmark = pytest.mark.django_db


def today() -> date:
    # Called each time, not fixed at import: a test run can cross midnight.
    return timezone.localdate()


def session(referral, worker, days_ago: int = 1, **kw: Any) -> Encounter:
    fields: dict[str, Any] = {
        "occurred_on": today() - timedelta(days=days_ago),
        "mode": "face_to_face",
        "duration_minutes": 40,
    }
    fields.update(kw)
    return encounter_record(referral=referral, actor=worker, **fields)


def test_session_cap_needs_discharge_or_an_at_risk_flag(world: SmallWorld) -> None:
    scheme_policy_set(scheme=world.scheme, policy=default_policy(session_cap=2))
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    first, second = session(referral, worker, 5), session(referral, worker, 4)
    assert (first.session_number, second.session_number) == (1, 2)
    session(referral, worker, 3, attended=False)  # a missed appointment is not a session
    with pytest.raises(DomainError) as caught:
        session(referral, worker, 2)
    assert caught.value.message == (
        "Session 3 would pass the scheme's cap of 2 sessions. Discharge the person, or flag "
        "them as at risk with the reason, to continue."
    )
    assert Encounter.objects.filter(referral=referral).count() == 3
    with pytest.raises(DomainError, match="Say why"):
        referral_set_at_risk(referral=referral, actor=worker, at_risk=True, reason="")
    referral_set_at_risk(
        referral=referral,
        actor=worker,
        at_risk=True,
        reason="Recent bereavement; isolated and low.",
    )
    assert session(referral, worker, 1).session_number == 3


def test_scheme_without_the_at_risk_exception_must_discharge(world: SmallWorld) -> None:
    scheme_policy_set(
        scheme=world.scheme, policy=default_policy(session_cap=1, at_risk_exception=False)
    )
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    session(referral, worker, 3)
    referral_set_at_risk(referral=referral, actor=worker, at_risk=True, reason="Low mood.")
    with pytest.raises(DomainError, match="makes no exception at the cap"):
        session(referral, worker, 2)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 600}, "duration_minutes"),
        ({"mode": "carrier_pigeon"}, "mode"),
        ({"mode": "home_visit"}, "mode"),
        ({"occurred_on": "tomorrow"}, "occurred_on"),
    ],
)
def test_bad_sessions_are_refused_by_field(world: SmallWorld, fields, field) -> None:
    if fields.get("occurred_on") == "tomorrow":
        fields = {"occurred_on": today() + timedelta(days=1)}
    referral = refer_and_start(world)
    with pytest.raises(DomainError) as caught:
        session(referral, world.users[Role.LINK_WORKER], **fields)
    assert field in caught.value.field_errors
    assert not Encounter.objects.filter(referral=referral).exists()


def test_plan_connections_gains_and_summary(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    session(referral, worker, 6)
    goal = goal_add(referral=referral, actor=worker, description="Join a walking group")
    goal_set_status(goal=goal, actor=worker, status="achieved")
    connection = connection_create(
        referral=referral,
        actor=worker,
        kind="referral",
        target="unlisted_service",
        service_name="Mill Walkers",
        need="loneliness_isolation",
    )
    with pytest.raises(DomainError, match="cannot become completed"):
        connection_set_status(connection=connection, actor=worker, status="completed")
    with pytest.raises(DomainError, match="no capacity"):
        connection_set_status(connection=connection, actor=worker, status="rejected")
    connection_set_status(connection=connection, actor=worker, status="in-progress")
    assert connection.first_attended_on == today()
    financial_gain_record(
        referral=referral,
        actor=worker,
        kind="benefit_award",
        amount_pence=350000,
        annual=True,
        recorded_on=today(),
    )
    referral_discharge(referral=referral, actor=worker, reason="connected_to_support")
    summary = episode_summary(referral=referral)
    assert summary.sessions == 1
    assert summary.goals == [("Join a walking group", "Achieved")]
    assert summary.connections == [("Mill Walkers", "Referral", "Attending")]
    assert summary.gains_pence == 350000
    assert summary.discharge_reason == "Connected to ongoing community support"
    assert [code for code, _ in summary.snomed_codes] == ["871731000000106"]


def test_discharge_validates_reason_and_date(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    session(referral, worker, 2)
    with pytest.raises(DomainError, match="Choose the reason"):
        referral_discharge(referral=referral, actor=worker, reason="bored")
    with pytest.raises(DomainError, match="must be between"):
        referral_discharge(
            referral=referral, actor=worker, reason="goals_met", on=today() - timedelta(days=5)
        )
    referral.refresh_from_db()
    assert referral.status == "active"


def test_handover_keeps_the_history(world: SmallWorld) -> None:
    worker, colleague = world.users[Role.LINK_WORKER], world.extra["colleague"]
    referrals = [refer_and_start(world, person={"given_name": n}) for n in ("Ann", "Bob")]
    with pytest.raises(DomainError, match="handover note"):
        caseload_handover(referrals=referrals, to=colleague, actor=worker, note="")
    with pytest.raises(DomainError, match="not a link worker in"):
        caseload_handover(
            referrals=referrals,
            to=world.extra["scot_link_worker"],
            actor=worker,
            note="Away for a month",
        )
    assert (
        caseload_handover(referrals=referrals, to=colleague, actor=worker, note="Away for a month")
        == 2
    )
    history = Assignment.objects.filter(referral=referrals[0]).order_by("created_at")
    assert [(a.link_worker, a.ended_on is None) for a in history] == [
        (worker, False),
        (colleague, True),
    ]
    latest = history.last()
    assert latest is not None
    assert latest.handover_note == "Away for a month"


def test_minutes_by_practice_count_only_attended_sessions(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    session(referral, worker, 3, duration_minutes=30)
    session(referral, worker, 2, duration_minutes=20, attended=False)
    minutes = encounter_minutes_by_practice(
        practice_ids=[world.practice.pk], start=today() - timedelta(days=10), end=today()
    )
    assert minutes == {world.practice.pk: 30}
