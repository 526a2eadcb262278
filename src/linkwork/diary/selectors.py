"""Diary reads: a link worker's days, an episode's appointments, missed contacts, and the
scheme's diary rules. Identifiable reads are scoped to the user's casework schemes; the views
that show them audit them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Min, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.core.extensions import NextContact
from linkwork.diary.models import Appointment, AppointmentNotice, DiarySettings
from linkwork.diary.rules import missed_in_a_row
from linkwork.diary.vocab import (
    DEFAULT_MISSED_CONTACTS,
    DEFAULT_QUIET_DAYS,
    DEFAULT_REMINDER_HOURS,
    AppointmentStatus,
    NoticeKind,
)
from linkwork.episodes.models import Referral
from linkwork.messaging.models import Message
from linkwork.organisations.models import Scheme
from linkwork.people.permissions import unrestricted_or_managed


@dataclass(frozen=True, slots=True)
class DiaryRules:
    missed_contacts: int = DEFAULT_MISSED_CONTACTS
    quiet_days: int = DEFAULT_QUIET_DAYS
    reminder_hours: int = DEFAULT_REMINDER_HOURS


def diary_rules(scheme_id: uuid.UUID) -> DiaryRules:
    row = DiarySettings.objects.filter(scheme_id=scheme_id).first()
    return (
        DiaryRules(row.missed_contacts, row.quiet_days, row.reminder_hours) if row else DiaryRules()
    )


def schemes_managed_with_rules(*, user: User) -> list[tuple[Scheme, DiaryRules]]:
    """The schemes the user manages, each with its diary rules."""
    schemes = list(Scheme.objects.filter(pk__in=scope_for(user).managed_schemes).order_by("name"))
    rows = {
        s.scheme_id: DiaryRules(s.missed_contacts, s.quiet_days, s.reminder_hours)
        for s in DiarySettings.objects.filter(scheme__in=schemes)
    }
    return [(scheme, rows.get(scheme.pk, DiaryRules())) for scheme in schemes]


def scheme_managed_by(*, user: User, scheme_id: uuid.UUID) -> Scheme:
    """A scheme the user manages; 404 for any other."""
    if scheme_id not in scope_for(user).managed_schemes:
        raise Http404("No such scheme.")
    return Scheme.objects.get(pk=scheme_id)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def appointments_visible_to(*, user: User) -> QuerySet[Appointment]:
    """Appointments of the schemes the user works in, of people they may see."""
    scope = scope_for(user)
    referrals = Referral.objects.filter(scheme_id__in=scope.casework_schemes).filter(
        unrestricted_or_managed(user=user)
    )
    return Appointment.objects.filter(
        scheme_id__in=scope.casework_schemes, referral__in=referrals.values("pk")
    )


@dataclass
class DiaryDay:
    day: date
    appointments: list[Appointment] = field(default_factory=list)


@dataclass(frozen=True)
class DiaryWeek:
    """A link worker's week, Monday to Sunday, and today's appointments on their own."""

    monday: date
    today: date
    days: list[DiaryDay]

    @property
    def today_appointments(self) -> list[Appointment]:
        return next((d.appointments for d in self.days if d.day == self.today), [])

    @property
    def appointments(self) -> list[Appointment]:
        return [a for d in self.days for a in d.appointments]

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)


def diary_week(*, user: User, monday: date, today: date) -> DiaryWeek:
    """The user's own appointments in the week from `monday` (cancelled ones included, so a
    cancelled slot is not mistaken for a free one by a colleague reading over)."""
    days = [DiaryDay(monday + timedelta(days=n)) for n in range(7)]
    rows = list(
        with_notices(appointments_visible_to(user=user))
        .filter(
            link_worker=user,
            starts_at__gte=_day_start(monday),
            starts_at__lt=_day_start(monday + timedelta(days=7)),
        )
        .select_related("referral", "referral__person")
        .order_by("starts_at", "created_at")
    )
    by_day = {d.day: d for d in days}
    mark_untold(rows)
    for appointment in rows:
        by_day[timezone.localdate(appointment.starts_at)].appointments.append(appointment)
    return DiaryWeek(monday=monday, today=today, days=days)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class EpisodeDiary:
    """The episode's appointments, and whether discharge as did not engage is to be offered."""

    upcoming: list[Appointment]
    past: list[Appointment]
    missed: int
    rules: DiaryRules

    @property
    def offer_did_not_engage(self) -> bool:
        return self.missed >= self.rules.missed_contacts


def untold(notices: Iterable[AppointmentNotice]) -> str:
    """Why the person was not told of the appointment's latest change (booked, moved or
    cancelled), from its notices; empty when they were, or when nothing was tried (an erased
    record). Reminders are left out: the letter about the change is what matters here."""
    changes = [n for n in notices if n.kind != NoticeKind.REMINDER.value]
    if not changes:
        return ""
    message = max(changes, key=lambda n: (n.created_at, n.pk)).message
    if message is None or message.status != Message.Status.FAILED:
        return ""
    return message.reason or "The message could not be sent."


def with_notices(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """The appointments with their notices and messages: two more queries, whatever the
    number, so each can say `untold`."""
    return appointments.prefetch_related(
        Prefetch("notices", queryset=AppointmentNotice.objects.select_related("message"))
    )


def mark_untold(appointments: Iterable[Appointment]) -> None:
    for appointment in appointments:
        appointment.untold = untold(appointment.notices.all())  # type: ignore[attr-defined]


def episode_diary(*, referral: Referral, now: datetime) -> EpisodeDiary:
    rows = list(
        with_notices(referral.appointments.select_related("link_worker")).order_by(
            "starts_at", "created_at"
        )
    )
    mark_untold(rows)
    booked = AppointmentStatus.BOOKED.value
    return EpisodeDiary(
        upcoming=[a for a in rows if a.status == booked and a.ends_at > now],
        past=[a for a in rows if not (a.status == booked and a.ends_at > now)],
        missed=missed_contacts(referral),
        rules=diary_rules(referral.scheme_id),
    )


def upcoming_booked(*, referral: Referral, now: datetime) -> list[Appointment]:
    """The episode's booked appointments that have not started yet."""
    return list(
        referral.appointments.filter(
            status=AppointmentStatus.BOOKED.value, starts_at__gt=now
        ).order_by("starts_at", "created_at")
    )


def missed_contacts(referral: Referral) -> int:
    """Sessions missed in a row since the last attended one, however they were recorded (from
    the diary or on the session form)."""
    history = referral.encounters.order_by("occurred_on", "created_at").values_list(
        "attended", flat=True
    )
    return missed_in_a_row(history)


def next_contacts(referrals: Iterable[Referral], *, now: datetime) -> dict[uuid.UUID, NextContact]:
    """Each referral's next booked appointment and its scheme's quiet days: two queries
    whatever the number of referrals."""
    rows = list(referrals)
    ids = [r.pk for r in rows]
    upcoming = dict(
        Appointment.objects.filter(
            referral_id__in=ids, status=AppointmentStatus.BOOKED.value, starts_at__gte=now
        )
        .order_by()
        .values("referral_id")
        .annotate(first=Min("starts_at"))
        .values_list("referral_id", "first")
    )
    quiet = dict(
        DiarySettings.objects.filter(scheme_id__in={r.scheme_id for r in rows}).values_list(
            "scheme_id", "quiet_days"
        )
    )
    return {
        r.pk: NextContact(upcoming.get(r.pk), quiet.get(r.scheme_id, DEFAULT_QUIET_DAYS))
        for r in rows
    }
