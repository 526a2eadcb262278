"""Task and notification reads, scoped to the signed-in user.

A user sees tasks of their own schemes only: scheme managers every task of the schemes they
manage; link workers the tasks for them, the scheme's tasks nobody has taken, and the tasks on
the episodes they support. A restricted person's tasks are hidden from all but the scheme's
managers, as every record of theirs is."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.episodes.models import Referral
from linkwork.people.permissions import unrestricted_or_managed
from linkwork.tasks.models import Notification, Task
from linkwork.tasks.vocab import TaskStatus

LIST_LIMIT = 200
SEEN_SHOWN = 30


def tasks_visible_to(*, user: User) -> QuerySet[Task]:
    scope = scope_for(user)
    theirs = Q(assignee=user) | Q(assignee__isnull=True) | Q(referral__link_worker=user)
    about_visible = Q(person__isnull=True) | unrestricted_or_managed(user=user)
    return (
        Task.objects.filter(
            Q(scheme_id__in=scope.managed_schemes)
            | (Q(scheme_id__in=scope.link_worker_schemes) & theirs)
        )
        .filter(about_visible)
        .select_related("person", "referral", "assignee", "scheme")
    )


def my_tasks(*, user: User) -> QuerySet[Task]:
    """Open tasks for the user, soonest due first."""
    return tasks_visible_to(user=user).filter(assignee=user, status=TaskStatus.OPEN.value)


def unclaimed_tasks(*, user: User) -> QuerySet[Task]:
    """Open tasks of the user's schemes that nobody has taken."""
    scheme_ids = scope_for(user).casework_schemes
    return tasks_visible_to(user=user).filter(
        assignee__isnull=True, status=TaskStatus.OPEN.value, scheme_id__in=scheme_ids
    )


def scheme_tasks(*, user: User) -> QuerySet[Task]:
    """Every open task of the schemes the user manages."""
    return tasks_visible_to(user=user).filter(
        scheme_id__in=scope_for(user).managed_schemes, status=TaskStatus.OPEN.value
    )


def episode_tasks(*, referral: Referral, user: User) -> list[Task]:
    """The episode's open tasks (the caller has authorised and audited the episode)."""
    return list(tasks_visible_to(user=user).filter(referral=referral, status=TaskStatus.OPEN.value))


def audit_task_list(*, actor: User, tasks: list[Task], page: str) -> None:
    """Record the people a list of tasks showed."""
    audit_record_list(
        actor=actor,
        object_type="task",
        rows=[(t.person_id, t.scheme_id) for t in tasks if t.person_id is not None],
        detail={"list": page},
    )


def task_get_for_user(*, user: User, task_id: uuid.UUID) -> Task:
    """A task the user may see and work on; 404 for any other (no such task, or another
    scheme's: the same answer)."""
    task = tasks_visible_to(user=user).filter(pk=task_id).first()
    if task is None:
        raise Http404("No such task.")
    return task


@dataclass(frozen=True, slots=True)
class HeaderCounts:
    """What the header shows a member of staff: notifications not yet seen, and their own
    open tasks with how many of those are past their due date."""

    unseen: int
    open_tasks: int
    overdue: int


def _count(rows: QuerySet[Any]) -> Coalesce:
    # COUNT over the whole filtered set as a scalar subquery (no GROUP BY), so that the
    # three counts come back in one query.
    return Coalesce(
        Subquery(
            rows.order_by()
            .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
            .values("n")[:1]
        ),
        0,
    )


def header_counts(*, user: User) -> HeaderCounts:
    """The header's counts in one query. Notifications about tasks the user can no longer
    see (a restricted person's, another scheme's) are not counted, as the list leaves them
    out."""
    mine = my_tasks(user=user)
    unseen, open_tasks, overdue = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unseen=_count(
                Notification.objects.filter(
                    recipient=user,
                    seen_at__isnull=True,
                    task__in=tasks_visible_to(user=user).values("pk"),
                )
            ),
            open_tasks=_count(mine),
            overdue=_count(mine.filter(due_on__lt=clock.today())),
        )
        .values_list("unseen", "open_tasks", "overdue")
        .get()
    )
    return HeaderCounts(unseen=unseen, open_tasks=open_tasks, overdue=overdue)


def notifications_for(*, user: User) -> tuple[list[Notification], list[Notification]]:
    """The user's notifications not yet seen, and the most recent seen ones, newest first.
    Those about a task they can no longer see (another scheme now, a restricted record) are
    left out."""
    visible = tasks_visible_to(user=user).values("pk")
    rows = (
        Notification.objects.filter(recipient=user, task__in=visible)
        .select_related("task", "task__person", "task__referral", "actor")
        .order_by("-created_at", "-id")
    )
    unseen = list(rows.filter(seen_at__isnull=True)[:LIST_LIMIT])
    seen = list(rows.filter(seen_at__isnull=False)[:SEEN_SHOWN])
    return unseen, seen
