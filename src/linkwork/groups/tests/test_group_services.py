"""Recording, changing and cancelling group sessions: each attendee's episode gets one group
session through the episode's session service, under its cap, or nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.timeline import timeline_entries
from linkwork.groups.models import GroupActivity, GroupAttendance, GroupSession
from linkwork.groups.services import (
    group_activity_create,
    group_session_cancel,
    group_session_record,
    group_session_update,
)
from linkwork.groups.tests.conftest import details
from linkwork.organisations.services import scheme_policy_set
from linkwork.people.data_rights import person_restrict
from linkwork.testing.world import SmallWorld, default_policy, refer, refer_and_start

pytestmark = pytest.mark.django_db


def _group_sessions(referral: Referral) -> list[Encounter]:
    return list(Encounter.objects.filter(referral=referral, mode="group"))


def test_each_attendee_episode_gets_one_group_session(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    session = group_session_record(
        activity=walking, actor=world.users[Role.LINK_WORKER], details=details(world, three)
    )
    for referral in three:
        [encounter] = _group_sessions(referral)
        assert encounter.session_number == 1
        assert encounter.location == "Heaton Park main gates"
        assert encounter.duration_minutes == 60
        assert encounter.group_attendance.group_session == session
    assert session.others == 2
    assert AuditEvent.objects.filter(object_type="group_session", action="create").exists()
    assert (
        AuditEvent.objects.filter(object_type="encounter", action="create")
        .values("person_id")
        .distinct()
        .count()
        == 3
    )


def test_one_attendee_at_the_cap_refuses_the_whole_session_naming_them(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    scheme_policy_set(
        scheme=world.scheme, policy=default_policy(session_cap=1, at_risk_exception=False)
    )
    worker = world.users[Role.LINK_WORKER]
    at_cap = three[1]
    encounter_record(
        referral=at_cap,
        actor=worker,
        occurred_on=timezone.localdate() - timedelta(days=5),
        mode="telephone",
        duration_minutes=20,
    )
    with pytest.raises(DomainError) as caught:
        group_session_record(activity=walking, actor=worker, details=details(world, three))
    message = caught.value.message
    assert at_cap.person.full_name in message
    assert "cap of 1" in message
    assert three[0].person.full_name not in message
    # Nothing half-written: no group session, no attendance, no group encounter anywhere.
    assert not GroupSession.objects.exists()
    assert not GroupAttendance.objects.exists()
    assert not Encounter.objects.filter(mode="group").exists()


def test_another_schemes_episode_is_refused(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    scottish = refer(world, scheme=world.scot_scheme, practice=world.scot_practice)
    with pytest.raises(DomainError) as caught:
        group_session_record(
            activity=walking,
            actor=world.users[Role.LINK_WORKER],
            details=details(world, [three[0], scottish]),
        )
    assert "attendees" in caught.value.field_errors
    assert not Encounter.objects.filter(mode="group").exists()


def test_staff_of_another_scheme_cannot_record_or_run_it(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    outsider = world.extra["scot_link_worker"]
    with pytest.raises(DomainError):
        group_session_record(activity=walking, actor=outsider, details=details(world, three))
    with pytest.raises(DomainError) as caught:
        group_session_record(
            activity=walking,
            actor=world.users[Role.LINK_WORKER],
            details=details(world, three, facilitator=outsider),
        )
    assert "facilitator" in caught.value.field_errors
    with pytest.raises(DomainError):
        group_activity_create(scheme=world.scheme, actor=outsider, name="Choir", kind="creative")
    assert not GroupSession.objects.exists()


def test_bad_details_are_named_field_by_field(world: SmallWorld, walking: GroupActivity) -> None:
    with pytest.raises(DomainError) as caught:
        group_session_record(
            activity=walking,
            actor=world.users[Role.LINK_WORKER],
            details=details(world, [], place=" ", duration_minutes=0, others=0),
        )
    assert set(caught.value.field_errors) == {"place", "duration_minutes", "attendees"}
    with pytest.raises(DomainError) as named:
        group_activity_create(
            scheme=world.scheme,
            actor=world.users[Role.LINK_WORKER],
            name="tuesday WALKING group",
            kind="walking",
        )
    assert "already has a group" in named.value.field_errors["name"][0]


def test_a_date_before_a_referral_is_refused_naming_the_person(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    late = refer_and_start(world, person={"family_name": "Late"})
    early = late.received_on - timedelta(days=3)
    with pytest.raises(DomainError) as caught:
        group_session_record(
            activity=walking,
            actor=world.users[Role.LINK_WORKER],
            details=details(world, [*three, late], occurred_on=early),
        )
    assert late.person.full_name in caught.value.message
    assert "before the referral" in caught.value.message
    assert not Encounter.objects.filter(mode="group").exists()


def test_changing_moves_every_episode_session_and_follows_who_came(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    session = group_session_record(activity=walking, actor=worker, details=details(world, three))
    new_day = timezone.localdate() - timedelta(days=1)
    group_session_update(
        session=session,
        actor=worker,
        details=details(world, three[:2], occurred_on=new_day, duration_minutes=90),
    )
    for referral in three[:2]:
        [encounter] = _group_sessions(referral)
        assert (encounter.occurred_on, encounter.duration_minutes) == (new_day, 90)
    assert _group_sessions(three[2]) == []
    three[2].refresh_from_db()
    assert three[2].first_contact_on is None
    assert set(session.attendances.values_list("referral_id", flat=True)) == {
        r.pk for r in three[:2]
    }


def test_cancelling_takes_the_session_out_and_renumbers(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    session = group_session_record(activity=walking, actor=worker, details=details(world, three))
    later = encounter_record(
        referral=three[0],
        actor=worker,
        occurred_on=timezone.localdate(),
        mode="telephone",
        duration_minutes=20,
    )
    assert later.session_number == 2
    group_session_cancel(session=session, actor=worker, reason="Rained off")
    assert not Encounter.objects.filter(mode="group").exists()
    later.refresh_from_db()
    assert later.session_number == 1
    three[0].refresh_from_db()
    assert three[0].first_contact_on == later.occurred_on
    entries = timeline_entries(three[1].events.order_by("at"))
    removed = [e for e in entries if e.title == "Session removed"]
    assert len(removed) == 1
    assert "Tuesday walking group" in removed[0].detail
    assert "cancelled" in removed[0].detail
    session.refresh_from_db()
    assert session.cancelled
    assert session.cancel_reason == "Rained off"
    # Who was expected is kept, without sessions.
    assert session.attendances.filter(encounter__isnull=True).count() == 3
    with pytest.raises(DomainError):
        group_session_cancel(session=session, actor=worker, reason="Again")
    with pytest.raises(DomainError):
        group_session_update(session=session, actor=worker, details=details(world, three))


def test_a_closed_episode_keeps_its_session_and_nothing_is_cancelled(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    session = group_session_record(activity=walking, actor=worker, details=details(world, three))
    referral_discharge(referral=three[2], actor=worker, reason="goals_met")
    with pytest.raises(DomainError) as caught:
        group_session_cancel(session=session, actor=worker, reason="Wrong day")
    assert three[2].person.full_name in caught.value.message
    assert Encounter.objects.filter(mode="group").count() == 3
    session.refresh_from_db()
    assert not session.cancelled


def test_a_cancel_reason_is_required(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    session = group_session_record(activity=walking, actor=worker, details=details(world, three))
    with pytest.raises(DomainError) as caught:
        group_session_cancel(session=session, actor=worker, reason="  ")
    assert "reason" in caught.value.field_errors
    assert Encounter.objects.filter(mode="group").count() == 3


def test_a_change_keeps_a_person_the_link_worker_may_not_see(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    session = group_session_record(activity=walking, actor=worker, details=details(world, three))
    person_restrict(
        person=three[2].person, actor=world.users[Role.SCHEME_MANAGER], reason="Asked to"
    )
    # The link worker's form shows only the two they may see; saving keeps the third.
    group_session_update(session=session, actor=worker, details=details(world, three[:2]))
    assert set(session.attendances.values_list("referral_id", flat=True)) == {r.pk for r in three}
    assert len(_group_sessions(three[2])) == 1
