from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError, InvalidTransitionError
from linkwork.episodes.lifecycle import SNOMED_DECLINED, SNOMED_REFERRED, Status
from linkwork.episodes.models import Referral, ReferralEvent
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.intake import referral_accept, referral_create, referral_decline
from linkwork.episodes.services.lifecycle import referral_close, referral_transition
from linkwork.organisations.services import scheme_policy_set
from linkwork.people.models import Person
from linkwork.testing.world import (
    SmallWorld,
    default_policy,
    refer,
    refer_and_start,
    referral_details,
)

pytestmark = pytest.mark.django_db


def test_referral_from_a_source_the_scheme_refuses_is_recorded_and_declined(
    world: SmallWorld,
) -> None:
    referral = refer(world, source="dwp")
    assert referral.status == Status.DECLINED.value
    assert referral.decline_reason == "source_not_accepted"
    event = referral.events.get(kind="status")
    assert event.data["automatic"] is True
    assert event.data["snomed"] == SNOMED_DECLINED
    assert "does not accept referrals from: department for work and pensions" in event.data["note"]


def test_age_outside_range_is_declined_with_its_code(world: SmallWorld) -> None:
    young = timezone.localdate().replace(year=timezone.localdate().year - 16)
    referral = refer(world, person={"date_of_birth": young})
    assert (referral.status, referral.decline_reason) == ("declined", "age_outside_range")


def test_invalid_details_write_nothing(world: SmallWorld) -> None:
    before = (Person.objects.count(), Referral.objects.count(), AuditEvent.objects.count())
    person = Person.objects.create(
        scheme=world.scheme, given_name="X", family_name="Y", date_of_birth=date(1970, 1, 1)
    )
    with pytest.raises(DomainError) as caught:
        referral_create(
            person=person,
            details=referral_details(
                world, reasons=(), received_on=timezone.localdate() + timedelta(1)
            ),
            actor=world.users[Role.REFERRER_GP],
        )
    assert set(caught.value.field_errors) == {"reasons", "received_on"}
    assert Referral.objects.count() == before[1]


def test_the_lifecycle_is_enforced_and_attributed(world: SmallWorld) -> None:
    referral = refer(world)
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(InvalidTransitionError, match="cannot become active"):
        referral_transition(referral=referral, to=Status.ACTIVE, actor=worker)
    referral_accept(referral=referral, actor=worker)
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=timezone.localdate(),
        mode="telephone",
        duration_minutes=30,
    )
    referral.refresh_from_db()
    assert referral.status == "active"
    assert referral.link_worker == worker  # the first session assigns whoever saw them
    statuses = [
        (e.data["from"], e.data["to"], e.actor)
        for e in referral.events.filter(kind="status").order_by("at", "id")
    ]
    assert statuses == [
        ("received", "accepted", worker),
        ("accepted", "waiting", worker),
        ("waiting", "active", worker),
    ]
    referral_discharge(referral=referral, actor=worker, reason="goals_met")
    with pytest.raises(InvalidTransitionError, match="closed; refer the person again"):
        referral_close(referral=referral, actor=worker, to=Status.WITHDRAWN)


def test_waiting_time_is_derived_from_the_first_attended_session(world: SmallWorld) -> None:
    received = timezone.localdate() - timedelta(days=20)
    referral = refer_and_start(world, received_on=received)
    worker = world.users[Role.LINK_WORKER]
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=received + timedelta(days=5),
        mode="telephone",
        duration_minutes=10,
        attended=False,
    )
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=received + timedelta(days=12),
        mode="face_to_face",
        duration_minutes=45,
    )
    referral.refresh_from_db()
    assert referral.first_contact_on == received + timedelta(days=12)
    assert referral.waiting_days == 12
    assert referral.events.filter(data__snomed=SNOMED_REFERRED).count() == 1


def test_rereferral_links_episodes_and_respects_the_gap(world: SmallWorld) -> None:
    scheme_policy_set(scheme=world.scheme, policy=default_policy(rereferral_min_gap_days=60))
    first = refer_and_start(world, received_on=timezone.localdate() - timedelta(days=50))
    worker = world.users[Role.LINK_WORKER]
    encounter_record(
        referral=first,
        actor=worker,
        occurred_on=timezone.localdate() - timedelta(days=40),
        mode="telephone",
        duration_minutes=20,
    )
    referral_discharge(
        referral=first,
        actor=worker,
        reason="goals_met",
        on=timezone.localdate() - timedelta(days=30),
    )
    again = referral_create(
        person=first.person,
        details=referral_details(world, received_on=timezone.localdate()),
        actor=worker,
    )
    assert again.referral.previous_episode == first
    assert again.referral.decline_reason == "rereferral_too_soon"
    assert "60 days after the last episode ended" in again.problems[0].message


def test_second_open_referral_is_declined_as_duplicate(world: SmallWorld) -> None:
    first = refer(world)
    second = referral_create(
        person=first.person, details=referral_details(world), actor=world.users[Role.LINK_WORKER]
    ).referral
    assert second.decline_reason == "duplicate_referral"
    first.refresh_from_db()
    assert first.status == "received"


def test_manual_decline_needs_a_reason(world: SmallWorld) -> None:
    referral = refer(world)
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError, match="Choose why"):
        referral_decline(referral=referral, actor=worker, reason="")
    referral_decline(
        referral=referral,
        actor=worker,
        reason="needs_other_service",
        note="Better served by the debt advice service.",
    )
    assert referral.status == "declined"
    assert ReferralEvent.objects.filter(
        referral=referral, kind="status", data__reason="needs_other_service"
    ).exists()


def test_accept_rechecks_a_changed_policy(world: SmallWorld) -> None:
    referral = refer(world)
    scheme_policy_set(scheme=world.scheme, policy=default_policy(accepted_sources=("self",)))
    with pytest.raises(DomainError, match="does not accept referrals from: gp"):
        referral_accept(referral=referral, actor=world.users[Role.LINK_WORKER])
    referral.refresh_from_db()
    assert referral.status == "received"


def test_status_timestamps_are_recorded(world: SmallWorld) -> None:
    before = timezone.now()
    referral = refer(world)
    referral_accept(referral=referral, actor=world.users[Role.LINK_WORKER])
    assert referral.status_changed_at >= before
