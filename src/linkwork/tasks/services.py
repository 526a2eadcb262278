"""Task writes: one written by hand, one raised by a rule (once), done, passed to someone
else; and the notifications each sends. Every write is audited and runs in one transaction."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.organisations.models import Scheme
from linkwork.tasks.models import Notification, NotificationPreference, Task
from linkwork.tasks.vocab import NotificationKind, TaskKind, TaskStatus

TITLE_MAX = 200
NOTES_MAX = 5000  # a few paragraphs: a task's notes say how to do it, not the whole story
# A due date further ahead than this is taken for a typing slip.
LONGEST_AHEAD = timedelta(days=2 * 366)


def scheme_staff(scheme_id: uuid.UUID) -> list[User]:
    """Who a task of the scheme may be for: its current link workers and managers."""
    return list(
        User.objects.filter(
            memberships__scheme_id=scheme_id,
            memberships__role__in=[Role.LINK_WORKER.value, Role.SCHEME_MANAGER.value],
            memberships__ended_on__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _assignee_problem(scheme_id: uuid.UUID, assignee: User | None) -> str | None:
    if assignee is None or assignee.pk in {u.pk for u in scheme_staff(scheme_id)}:
        return None
    return "Choose one of the scheme's link workers or managers, or leave it for the scheme."


def _require_works_in(actor: User, scheme_id: uuid.UUID) -> None:
    if scheme_id not in scope_for(actor).casework_schemes:
        raise DomainError(
            "Only the scheme's link workers and managers work on its tasks.", code="task_scheme"
        )


@transaction.atomic
def task_create(
    *,
    scheme: Scheme,
    actor: User,
    title: str,
    due_on: date | None,
    assignee: User | None = None,
    referral: Referral | None = None,
    notes: str = "",
) -> Task:
    """A task written by hand: for the actor, a colleague, or the scheme; about an episode or
    not."""
    _require_works_in(actor, scheme.pk)
    problems: dict[str, list[str]] = {}
    text = title.strip()
    if not text:
        problems["title"] = [
            "Say what needs doing, for example “Call back about the benefits form”."
        ]
    elif len(text) > TITLE_MAX:
        problems["title"] = [f"Keep the task to {TITLE_MAX} characters; put the rest in the notes."]
    if len(notes.strip()) > NOTES_MAX:
        problems["notes"] = [
            f"Keep the notes to {NOTES_MAX} characters; anything longer belongs in a contact "
            "note on the episode."
        ]
    today = clock.today()
    if due_on is None:
        problems["due_on"] = ["Enter the date the task is due, for example 27 3 2027."]
    elif due_on < today:
        problems["due_on"] = ["The due date cannot be in the past: choose today or later."]
    elif due_on > today + LONGEST_AHEAD:
        problems["due_on"] = ["Choose a due date within the next two years."]
    why = _assignee_problem(scheme.pk, assignee)
    if why:
        problems["assignee"] = [why]
    if referral is not None and referral.scheme_id != scheme.pk:
        problems["referral"] = ["That episode belongs to another scheme."]
    if problems:
        raise DomainError("Check the task.", code="task_invalid", field_errors=problems)
    assert due_on is not None  # checked above; for the type checker
    task = Task.objects.create(
        scheme=scheme,
        assignee=assignee,
        person_id=referral.person_id if referral else None,
        referral=referral,
        title=text,
        notes=notes.strip(),
        due_on=due_on,
        created_by=actor,
    )
    _audit(task, actor, "create", {"kind": task.kind, "assignee": _id(assignee)})
    _notify(task, assignee, NotificationKind.ASSIGNED, actor)
    return task


def task_raise(
    *,
    scheme_id: uuid.UUID,
    kind: TaskKind,
    source_key: uuid.UUID,
    title: str,
    due_on: date,
    assignee: User | None = None,
    referral: Referral | None = None,
    because_of: User | None = None,
) -> Task | None:
    """A task raised by a rule, once: answers the new task, or None when this rule already
    raised one for this source (done or not). `because_of` is who did what raised it: they
    are not notified of a task for themselves."""
    try:
        with transaction.atomic():
            task = Task.objects.create(
                scheme_id=scheme_id,
                assignee=assignee,
                person_id=referral.person_id if referral else None,
                referral=referral,
                title=title[:TITLE_MAX],
                due_on=due_on,
                kind=kind.value,
                source_key=source_key,
            )
    except IntegrityError:
        return None
    _audit(task, None, "create", {"kind": kind.value, "assignee": _id(assignee)})
    _notify(task, assignee, NotificationKind.ASSIGNED, because_of)
    return task


@transaction.atomic
def task_complete(*, task: Task, actor: User) -> Task:
    locked = _locked_open(task)
    _require_works_in(actor, locked.scheme_id)
    _done(locked, actor)
    _audit(locked, actor, "update", {"status": TaskStatus.DONE.value})
    if locked.assignee_id and locked.assignee_id != actor.pk:
        _notify(locked, locked.assignee, NotificationKind.COMPLETED, actor)
    return locked


@transaction.atomic
def task_reassign(*, task: Task, actor: User, assignee: User | None) -> Task:
    """Pass the task to a colleague, take it (assignee the actor), or give it back to the
    scheme (None)."""
    locked = _locked_open(task)
    _require_works_in(actor, locked.scheme_id)
    why = _assignee_problem(locked.scheme_id, assignee)
    if why:
        raise DomainError(why, code="task_assignee", field_errors={"assignee": [why]})
    if _id(assignee) == _id(locked.assignee):
        who = "the scheme" if assignee is None else str(assignee.get_full_name() or assignee)
        message = f"The task is already for {who}: choose someone else."
        raise DomainError(message, code="task_assignee", field_errors={"assignee": [message]})
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    _audit(locked, actor, "update", {"assignee": _id(assignee)})
    _notify(locked, assignee, NotificationKind.REASSIGNED, actor)
    return locked


def tasks_close_raised(
    *,
    scheme_id: uuid.UUID,
    kinds: list[TaskKind],
    source_key: uuid.UUID | None = None,
    referral_id: uuid.UUID | None = None,
) -> int:
    """Mark done the open tasks a rule raised once what they asked for has happened (the
    safety information acted on, the concern closed). Answers how many."""
    rows = Task.objects.filter(
        scheme_id=scheme_id, kind__in=[k.value for k in kinds], status=TaskStatus.OPEN.value
    )
    if source_key is not None:
        rows = rows.filter(source_key=source_key)
    if referral_id is not None:
        rows = rows.filter(referral_id=referral_id)
    return tasks_mark_done(rows)


def tasks_mark_done(rows: QuerySet[Task]) -> int:
    """Mark these tasks done by the rules (no one did them by hand); answers how many were
    open."""
    closed = 0
    for task in rows.filter(status=TaskStatus.OPEN.value).select_for_update():
        _done(task, None)
        _audit(task, None, "update", {"status": TaskStatus.DONE.value, "automatic": True})
        closed += 1
    return closed


def tasks_pass_unassigned(*, referral: Referral, to: User, because_of: User | None) -> int:
    """An episode's open tasks nobody has taken go to the link worker it is assigned to."""
    moved = 0
    for task in Task.objects.filter(
        referral=referral, assignee__isnull=True, status=TaskStatus.OPEN.value
    ).select_for_update():
        task.assignee = to
        task.save(update_fields=["assignee", "updated_at"])
        _audit(task, None, "update", {"assignee": _id(to), "automatic": True})
        _notify(task, to, NotificationKind.ASSIGNED, because_of)
        moved += 1
    return moved


def notifications_mark_seen(*, user: User) -> int:
    """Everything listed has been looked at: answers how many were new."""
    return Notification.objects.filter(recipient=user, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )


@transaction.atomic
def notification_preference_set(*, user: User, email: bool) -> NotificationPreference:
    if email and not user.email:
        message = "Your account has no email address: ask an administrator to add one first."
        raise DomainError(message, code="notification_email", field_errors={"email": [message]})
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email}
    )
    audit_record(
        actor=user,
        action="update",
        object_type="notification_preference",
        object_id=preference.pk,
        detail={"email": email},
    )
    return preference


def _locked_open(task: Task) -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.status != TaskStatus.OPEN:
        raise DomainError(
            "This task is already done: there is nothing to change.", code="task_done"
        )
    return locked


def _done(task: Task, actor: User | None) -> None:
    task.status = TaskStatus.DONE.value
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])


def _id(user: User | None) -> str:
    return str(user.pk) if user is not None else ""


def _audit(task: Task, actor: User | None, action: str, detail: dict[str, object]) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="task",
        object_id=task.pk,
        person_id=task.person_id,
        scheme_id=task.scheme_id,
        detail=detail,
    )


def _notify(task: Task, recipient: User | None, kind: NotificationKind, actor: User | None) -> None:
    """Tell the recipient, unless they did it themselves; email them too if they chose to.
    The email says only what kind of change it was: the person's details stay in linkwork."""
    if recipient is None or (actor is not None and recipient.pk == actor.pk):
        return
    Notification.objects.create(
        scheme_id=task.scheme_id,
        recipient=recipient,
        task=task,
        kind=kind.value,
        actor=actor,
        created_at=timezone.now(),
    )
    wants_email = NotificationPreference.objects.filter(Q(user=recipient) & Q(email=True)).exists()
    if wants_email and recipient.email:
        address, subject = recipient.email, f"linkwork: {kind.label.lower()}"
        body = (
            f"{kind.label}: {TaskKind(task.kind).label.lower()}, due "
            f"{task.due_on:%d %B %Y}.\n\nSign in to linkwork to see it under Notifications."
        )
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        )
