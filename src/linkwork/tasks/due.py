"""Tasks raised by time passing, for `linkwork tasks raise-due` (run daily, or more often):

- a connection still waiting on the service (requested, accepted or on hold) with no change
  for the silent days (`LINKWORK_TASK_SILENT_DAYS`, default 14): chase the service;
- a questionnaire due by the scheme's schedule: record it. One no longer due (recorded, or
  past its window) is marked done.

Each is raised once per source (a connection's silence since a given change; a questionnaire's
instrument, timepoint and due date), so the command can run any number of times."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet

from linkwork.core import clock
from linkwork.episodes.lifecycle import OPEN_STATUSES, Status
from linkwork.episodes.models import Connection, Referral
from linkwork.outcomes.selectors import due_for_referrals
from linkwork.tasks.models import Task
from linkwork.tasks.rules import source
from linkwork.tasks.services import task_raise, tasks_mark_done
from linkwork.tasks.vocab import DEFAULT_SILENT_DAYS, TaskKind, TaskStatus

WAITING_ON_SERVICE = ["requested", "accepted", "on-hold"]
# Episodes whose questionnaires are looked at: open ones, and those discharged recently
# enough for the follow-up to fall due.
FOLLOW_UP_DAYS = 540
CHUNK = 500

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True, slots=True)
class Raised:
    silent_connections: int = 0
    questionnaires: int = 0
    no_longer_due: int = 0

    def words(self) -> str:
        return (
            f"{self.silent_connections} silent connections to chase, "
            f"{self.questionnaires} questionnaires due, "
            f"{self.no_longer_due} questionnaire tasks no longer due."
        )


def _pages(rows: QuerySet[M]) -> Iterator[list[M]]:
    """The rows in pages of `CHUNK` by primary key, each read whole before the caller writes.
    Not `.iterator()`: on SQLite an open read holds its snapshot, and a write begun on that
    connection after anyone else has committed fails at once with "database is locked",
    whatever the busy timeout (the web process commits audit rows all day)."""
    page = list(rows.order_by("pk")[:CHUNK])
    while page:
        yield page
        if len(page) < CHUNK:
            return
        page = list(rows.filter(pk__gt=page[-1].pk).order_by("pk")[:CHUNK])


def silent_days() -> int:
    return int(getattr(settings, "LINKWORK_TASK_SILENT_DAYS", DEFAULT_SILENT_DAYS))


def raise_silent_connections() -> int:
    days = silent_days()
    quiet_since = clock.now() - timedelta(days=days)
    rows = Connection.objects.filter(
        status__in=WAITING_ON_SERVICE,
        status_changed_at__lte=quiet_since,
        referral__status__in=[s.value for s in OPEN_STATUSES],
    ).select_related("referral", "referral__link_worker")
    raised = 0
    for connection in (c for page in _pages(rows) for c in page):
        referral = connection.referral
        with transaction.atomic():
            task = task_raise(
                scheme_id=connection.scheme_id,
                kind=TaskKind.CONNECTION_SILENT,
                source_key=source(
                    "silent", connection.pk, connection.status_changed_at.isoformat()
                ),
                title=f"No reply from {connection.service_name} for {days} days: chase them",
                due_on=clock.today(),
                assignee=referral.link_worker,
                referral=referral,
            )
        raised += task is not None
    return raised


def raise_questionnaires_due() -> tuple[int, int]:
    """Answers (raised, marked done as no longer due)."""
    today = clock.today()
    listed = [s.value for s in OPEN_STATUSES if s is not Status.RECEIVED]
    episodes = (
        Referral.objects.filter(link_worker__isnull=False)
        .filter(
            status__in=[*listed, Status.DISCHARGED.value],
        )
        .exclude(
            status=Status.DISCHARGED.value, closed_on__lt=today - timedelta(days=FOLLOW_UP_DAYS)
        )
        .select_related("person", "scheme", "link_worker")
        .order_by("pk")
    )
    raised = closed = 0
    for batch in _pages(episodes):
        r, c = _questionnaires(batch, today)
        raised, closed = raised + r, closed + c
    return raised, closed


def _questionnaires(referrals: list[Referral], today: date) -> tuple[int, int]:
    by_id = {r.pk: r for r in referrals}
    due = due_for_referrals(referrals=referrals, today=today)
    keys = set()
    raised = 0
    with transaction.atomic():
        for item in due:
            referral = by_id[item.referral_id]
            key = source(
                "questionnaire", referral.pk, item.instrument_id, item.timepoint, item.due_on
            )
            keys.add(key)
            task = task_raise(
                scheme_id=referral.scheme_id,
                kind=TaskKind.QUESTIONNAIRE_DUE,
                source_key=key,
                title=f"{item.instrument_name} questionnaire due ({item.timepoint_label.lower()})",
                due_on=item.due_on,
                assignee=referral.link_worker,
                referral=referral,
            )
            raised += task is not None
        stale = Task.objects.filter(
            referral_id__in=list(by_id),
            kind=TaskKind.QUESTIONNAIRE_DUE.value,
            status=TaskStatus.OPEN.value,
        ).exclude(source_key__in=keys)
        closed = tasks_mark_done(stale)
    return raised, closed


def raise_due() -> Raised:
    silent = raise_silent_connections()
    questionnaires, done = raise_questionnaires_due()
    return Raised(silent, questionnaires, done)


def raise_due_words() -> str:
    """`raise_due`, answering what it raised in words (the worker's periodic job)."""
    return raise_due().words()
