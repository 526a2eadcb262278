"""The workforce services refuse bad input with a message naming the field, and write
nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from linkwork.accounts.roles import Role
from linkwork.core.clock import today
from linkwork.core.errors import DomainError
from linkwork.testing.world import SmallWorld
from linkwork.workforce.models import (
    LinkWorkerPost,
    PracticeFund,
    SchemeCost,
    SupportSession,
    WellbeingCheck,
)
from linkwork.workforce.services import (
    cost_record,
    fund_record,
    post_create,
    post_end,
    protected_time_record,
    session_record,
    wellbeing_record,
)
from linkwork.workforce.tests.helpers import make_post, make_team_lead

pytestmark = pytest.mark.django_db


def test_a_post_holder_must_be_a_link_worker_of_the_scheme(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        post_create(
            actor=world.users[Role.SCHEME_MANAGER],
            scheme=world.scheme,
            holder=world.extra["scot_link_worker"],
            line_manager=None,
            employer=world.pcn,
            contracted_hours=Decimal("60"),
            started_on=today(),
            practices=[world.practice_b],
        )
    assert set(caught.value.field_errors) == {"holder", "contracted_hours", "practices"}
    assert not LinkWorkerPost.objects.exists()


def test_a_post_has_a_wte_and_ends_once(world: SmallWorld) -> None:
    post = make_post(world, hours="30")
    assert post.wte == Decimal("0.80")
    post_end(actor=world.users[Role.SCHEME_MANAGER], post=post, ended_on=today())
    with pytest.raises(DomainError, match="could not be ended"):
        post_end(actor=world.users[Role.SCHEME_MANAGER], post=post, ended_on=today())


def test_only_the_line_manager_records_supervision(world: SmallWorld) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError) as caught:
        session_record(
            actor=worker, post=post, kind="supervision", held_on=today(), duration_minutes=60
        )
    assert "line manager" in caught.value.field_errors["kind"][0]
    peer = session_record(
        actor=worker, post=post, kind="peer_support", held_on=today(), duration_minutes=45
    )
    assert peer.supervisor is None
    session = session_record(
        actor=lead,
        post=post,
        kind="supervision",
        held_on=today() - timedelta(days=1),
        duration_minutes=60,
        content="Caseload review.",
    )
    assert session.supervisor == lead
    assert SupportSession.objects.count() == 2


def test_a_session_outside_the_limits_is_refused(world: SmallWorld) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    with pytest.raises(DomainError) as caught:
        session_record(
            actor=lead,
            post=post,
            kind="supervision",
            held_on=today() + timedelta(days=2),
            duration_minutes=5,
        )
    assert set(caught.value.field_errors) == {"held_on", "duration_minutes"}


def test_the_wellbeing_check_is_the_link_workers_own(world: SmallWorld) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    with pytest.raises(DomainError):
        wellbeing_record(actor=lead, post=post, answers=[3, 3, 3])
    with pytest.raises(DomainError, match="could not be saved"):
        wellbeing_record(actor=world.users[Role.LINK_WORKER], post=post, answers=[3, 6, 3])
    check = wellbeing_record(actor=world.users[Role.LINK_WORKER], post=post, answers=[2, 3, 5])
    assert check.mean == Decimal("3.33")
    assert WellbeingCheck.objects.count() == 1


def test_a_fund_goes_to_a_practice_the_scheme_serves(world: SmallWorld) -> None:
    manager = world.users[Role.SCHEME_MANAGER]
    with pytest.raises(DomainError) as caught:
        fund_record(
            actor=manager,
            scheme=world.scheme,
            practice=world.practice_b,
            amount_gbp=Decimal("35000.001"),
            period_start=date(2026, 4, 1),
            period_end=date(2026, 3, 31),
            purpose="gp_time",
        )
    assert set(caught.value.field_errors) == {"scheme", "amount_gbp", "period_end"}
    fund_record(
        actor=manager,
        scheme=world.scheme,
        practice=world.practice,
        amount_gbp=Decimal("35000"),
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        purpose="gp_time",
    )
    assert PracticeFund.objects.get().amount_gbp == Decimal("35000.00")


def test_protected_time_names_the_staff(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        protected_time_record(
            actor=world.users[Role.PRACTICE_MANAGER],
            scheme=world.scheme,
            practice=world.practice,
            staff_name=" ",
            staff_group="gp",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            hours_per_week=Decimal("4"),
        )
    assert set(caught.value.field_errors) == {"staff_name"}


def test_a_cost_is_entered_once_per_period(world: SmallWorld) -> None:
    fields = {
        "actor": world.users[Role.SCHEME_MANAGER],
        "scheme": world.scheme,
        "period_start": date(2025, 4, 1),
        "period_end": date(2026, 3, 31),
        "category": "staff",
        "amount_gbp": Decimal("120000"),
    }
    cost_record(**fields)  # type: ignore[arg-type]
    with pytest.raises(DomainError) as caught:
        cost_record(**fields)  # type: ignore[arg-type]
    assert "already recorded" in caught.value.field_errors["category"][0]
    assert SchemeCost.objects.count() == 1
