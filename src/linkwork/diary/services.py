"""Diary writes: book, move, cancel, and record how an appointment went. Attended and missed
appointments become sessions through the episode's session service, with its rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.diary.models import Appointment, AppointmentEvent, DiarySettings
from linkwork.diary.rules import Slot, first_clash
from linkwork.diary.signals import appointment_booked, appointment_cancelled
from linkwork.diary.vocab import DEFAULT_REMINDER_HOURS, AppointmentChange, AppointmentStatus
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.selectors.caseload import link_workers_of
from linkwork.episodes.selectors.sessions import makes_home_visits
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.lifecycle import require_open
from linkwork.episodes.vocab import EncounterMode
from linkwork.organisations.models import Scheme

MAX_MINUTES = 480
# Bookings further ahead than this are mistakes (a year typed wrong), as for tasks.
LONGEST_AHEAD = timedelta(days=2 * 366)
# How an appointment that is no longer booked reads in "This appointment is already ...".
ALREADY = {
    AppointmentStatus.ATTENDED.value: "recorded as attended",
    AppointmentStatus.DID_NOT_ATTEND.value: "recorded as did not attend",
    AppointmentStatus.CANCELLED.value: "cancelled",
}


@transaction.atomic
def appointment_book(
    *,
    referral: Referral,
    actor: User,
    starts_at: datetime,
    length_minutes: int,
    mode: str,
    where: str = "",
    with_whom: str = "",
    link_worker: User | None = None,
) -> Appointment:
    require_open(referral)
    worker = link_worker or referral.link_worker or actor
    problems = _slot_problems(
        referral=referral,
        actor=actor,
        worker=worker,
        starts_at=starts_at,
        length_minutes=length_minutes,
    )
    if mode not in EncounterMode:
        problems.setdefault("mode", []).append("Choose how the appointment will take place.")
    elif mode == EncounterMode.HOME_VISIT and not makes_home_visits(referral):
        problems.setdefault("mode", []).append(
            "This scheme does not make home visits: choose another way to meet."
        )
    if worker.pk != actor.pk and not link_workers_of(referral.scheme).filter(pk=worker.pk).exists():
        problems.setdefault("link_worker", []).append(
            "Choose one of the scheme's link workers for the appointment."
        )
    if problems:
        raise DomainError(
            "Check the appointment.", code="appointment_invalid", field_errors=problems
        )
    appointment = Appointment.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        link_worker=worker,
        starts_at=starts_at,
        length_minutes=length_minutes,
        mode=mode,
        where=where.strip(),
        with_whom=with_whom.strip(),
        booked_by=actor,
    )
    _history(appointment, actor, AppointmentChange.BOOKED)
    _announce(appointment, moved=False)
    return appointment


@transaction.atomic
def appointment_move(
    *,
    appointment: Appointment,
    actor: User,
    starts_at: datetime,
    reason: str,
    length_minutes: int | None = None,
) -> Appointment:
    appointment = _locked_booked(appointment, doing="move")
    minutes = length_minutes or appointment.length_minutes
    problems = _slot_problems(
        referral=appointment.referral,
        actor=actor,
        worker=appointment.link_worker,
        starts_at=starts_at,
        length_minutes=minutes,
        moving=appointment,
    )
    if not reason.strip():
        problems.setdefault("reason", []).append(
            "Say why the appointment is moving, for example “The person asked to”."
        )
    if problems:
        raise DomainError("Check the new time.", code="appointment_invalid", field_errors=problems)
    moved_from = appointment.starts_at
    appointment.starts_at = starts_at
    appointment.length_minutes = minutes
    appointment.rescheduled += 1
    appointment.save(update_fields=["starts_at", "length_minutes", "rescheduled", "updated_at"])
    _history(
        appointment, actor, AppointmentChange.MOVED, reason=reason.strip(), moved_from=moved_from
    )
    _announce(appointment, moved=True)
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, actor: User, reason: str) -> Appointment:
    appointment = _locked_booked(appointment, doing="cancel")
    if not reason.strip():
        raise DomainError(
            "Say why the appointment is cancelled.",
            code="appointment_invalid",
            field_errors={"reason": ["Say why the appointment is cancelled."]},
        )
    appointment.status = AppointmentStatus.CANCELLED.value
    appointment.cancel_reason = reason.strip()
    appointment.save(update_fields=["status", "cancel_reason", "updated_at"])
    _history(appointment, actor, AppointmentChange.CANCELLED, reason=reason.strip())
    transaction.on_commit(
        lambda: appointment_cancelled.send(sender=Appointment, appointment=appointment)
    )
    return appointment


@transaction.atomic
def appointment_attended(
    *,
    appointment: Appointment,
    actor: User,
    occurred_on: date | None = None,
    mode: str | None = None,
    duration_minutes: int | None = None,
    location: str | None = None,
    notes: str = "",
) -> Encounter:
    """Record the session the appointment became. What is not given is taken from the
    appointment; the session service applies the scheme's cap and home-visit rules and refuses
    with its own messages."""
    appointment = _locked_booked(appointment, doing="record")
    _require_started(appointment)
    encounter = encounter_record(
        referral=appointment.referral,
        actor=actor,
        occurred_on=occurred_on or timezone.localdate(appointment.starts_at),
        mode=mode or appointment.mode,
        duration_minutes=duration_minutes or appointment.length_minutes,
        attended=True,
        location=appointment.where if location is None else location,
        notes=notes,
    )
    _ended(appointment, actor, AppointmentStatus.ATTENDED, encounter)
    return encounter


@transaction.atomic
def appointment_did_not_attend(*, appointment: Appointment, actor: User) -> Encounter:
    """The person did not come: recorded on the episode as a missed session, as the session
    form records one, so the episode's history and the did-not-engage count both see it."""
    appointment = _locked_booked(appointment, doing="record")
    _require_started(appointment)
    encounter = encounter_record(
        referral=appointment.referral,
        actor=actor,
        occurred_on=timezone.localdate(appointment.starts_at),
        mode=appointment.mode,
        duration_minutes=appointment.length_minutes,
        attended=False,
        location=appointment.where,
    )
    _ended(appointment, actor, AppointmentStatus.DID_NOT_ATTEND, encounter)
    return encounter


@transaction.atomic
def diary_settings_save(
    *,
    scheme: Scheme,
    actor: User,
    missed_contacts: int,
    quiet_days: int,
    reminder_hours: int | None = None,
) -> DiarySettings:
    hours = DEFAULT_REMINDER_HOURS if reminder_hours is None else reminder_hours
    problems: dict[str, list[str]] = {}
    if not 1 <= missed_contacts <= 50:
        problems["missed_contacts"] = ["Enter a number of missed contacts from 1 to 50."]
    if not 1 <= quiet_days <= 365:
        problems["quiet_days"] = ["Enter a number of days from 1 to 365."]
    if not 0 <= hours <= 168:
        problems["reminder_hours"] = ["Enter a number of hours from 0 (no reminders) to 168."]
    if problems:
        raise DomainError("Check the diary settings.", code="diary_settings", field_errors=problems)
    settings, _ = DiarySettings.objects.update_or_create(
        scheme=scheme,
        defaults={
            "missed_contacts": missed_contacts,
            "quiet_days": quiet_days,
            "reminder_hours": hours,
        },
    )
    audit_record(
        actor=actor,
        action="update",
        object_type="diary_settings",
        object_id=settings.pk,
        scheme_id=scheme.pk,
        detail={
            "missed_contacts": missed_contacts,
            "quiet_days": quiet_days,
            "reminder_hours": hours,
        },
    )
    return settings


def _slot_problems(
    *,
    referral: Referral,
    actor: User,
    worker: User,
    starts_at: datetime,
    length_minutes: int,
    moving: Appointment | None = None,
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not 1 <= length_minutes <= MAX_MINUTES:
        problems["length_minutes"] = ["An appointment lasts between 1 minute and 8 hours."]
        return problems
    local = timezone.localtime(starts_at)
    if local.date() < clock.today():
        problems["starts_on"] = ["The appointment cannot be in the past: choose today or later."]
        return problems
    if local.date() > clock.today() + LONGEST_AHEAD:
        problems["starts_on"] = ["Choose a date within the next two years."]
        return problems
    if starts_at <= clock.now():
        problems["starts_at"] = [
            f"{local:%H:%M} today has passed: choose a later time, or record the session "
            "on the episode page if it has happened."
        ]
        return problems
    if local.date() < referral.received_on:
        problems["starts_on"] = ["The appointment cannot be before the referral was received."]
        return problems
    clash = _clash(worker, Slot(starts_at, length_minutes), moving)
    if clash is not None:
        whose = (
            "You already have"
            if worker.pk == actor.pk
            else f"{worker.get_full_name() or worker.get_username()} already has"
        )
        start, end = timezone.localtime(clash.starts_at), timezone.localtime(clash.ends_at)
        problems["starts_at"] = [
            f"{whose} an appointment from {start:%H:%M} to {end:%H:%M} on "
            f"{start:%A} {start.day} {start:%B}: choose another time."
        ]
    return problems


def _clash(worker: User, slot: Slot, moving: Appointment | None) -> Slot | None:
    # Lock the worker's row so two bookings at once cannot both take the same time.
    User.objects.select_for_update().filter(pk=worker.pk).first()
    nearby = Appointment.objects.filter(
        link_worker=worker,
        status=AppointmentStatus.BOOKED.value,
        starts_at__lt=slot.ends_at,
        starts_at__gt=slot.starts_at - timedelta(minutes=MAX_MINUTES),
    )
    if moving is not None:
        nearby = nearby.exclude(pk=moving.pk)
    booked = [Slot(a.starts_at, a.length_minutes) for a in nearby]
    return first_clash(slot, booked)


def _locked_booked(appointment: Appointment, *, doing: str) -> Appointment:
    locked = (
        Appointment.objects.select_for_update()
        .select_related("referral", "referral__person", "link_worker")
        .get(pk=appointment.pk)
    )
    if locked.status != AppointmentStatus.BOOKED:
        raise DomainError(
            f"This appointment is already {ALREADY[locked.status]}: there is nothing to {doing}.",
            code="appointment_not_booked",
        )
    return locked


def _require_started(appointment: Appointment) -> None:
    if appointment.starts_at > clock.now():
        raise DomainError(
            "This appointment has not started yet: record how it went once it has.",
            code="appointment_not_started",
        )


def _ended(
    appointment: Appointment, actor: User, status: AppointmentStatus, encounter: Encounter
) -> None:
    appointment.status = status.value
    appointment.encounter = encounter
    appointment.save(update_fields=["status", "encounter", "updated_at"])
    _history(appointment, actor, AppointmentChange(status.value))


def _history(
    appointment: Appointment,
    actor: User,
    kind: AppointmentChange,
    *,
    reason: str = "",
    moved_from: datetime | None = None,
) -> None:
    AppointmentEvent.objects.create(
        scheme_id=appointment.scheme_id,
        appointment=appointment,
        kind=kind.value,
        at=timezone.now(),
        actor=actor,
        moved_from=moved_from,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="create" if kind is AppointmentChange.BOOKED else "update",
        object_type="appointment",
        object_id=appointment.pk,
        person_id=appointment.referral.person_id,
        scheme_id=appointment.scheme_id,
        detail={"change": kind.value},
    )


def _announce(appointment: Appointment, *, moved: bool) -> None:
    transaction.on_commit(
        lambda: appointment_booked.send(sender=Appointment, appointment=appointment, moved=moved)
    )
