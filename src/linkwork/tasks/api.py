"""JSON API for tasks: list the tasks the user may see, write one (about an episode or not),
mark one done, pass one on. Each calls the same service as the task pages, reaches a task only
through the same scoped fetch (another scheme's task is a 404), and runs once per
`Idempotency-Key`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from django.db.models import Q
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.core.api_links import next_page_link
from linkwork.core.api_once import api_answer_once
from linkwork.core.cursors import date_and_id_after
from linkwork.core.errors import DomainError, NotFoundError
from linkwork.episodes.api_casework import writable_referral
from linkwork.organisations.models import Scheme
from linkwork.tasks.models import Task
from linkwork.tasks.selectors import audit_task_list, task_get_for_user, tasks_visible_to
from linkwork.tasks.services import (
    NOTES_MAX,
    TITLE_MAX,
    scheme_staff,
    task_complete,
    task_create,
    task_reassign,
)

API_PREFIX = "/tasks"
router = Router(tags=["tasks"])

# Who a task is for: the caller ("me"), nobody yet ("scheme": any of its staff may take it),
# or one of the scheme's link workers or managers, by id.
# One string rather than a union, so a bad value is refused under the field's own name.
Assignee = Annotated[
    str,
    Field(
        pattern=r"^(me|scheme|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$",
        description="`me`, `scheme` (nobody yet), or the id of one of the scheme's staff.",
    ),
]


class TaskIn(Schema):
    title: str = Field(max_length=TITLE_MAX)
    due_on: date
    notes: str = Field("", max_length=NOTES_MAX)
    assignee: Assignee = "me"
    # The episode the task is about; without one, the task belongs to `scheme` (by default the
    # first of the caller's schemes, as on the page).
    referral: uuid.UUID | None = None
    scheme: uuid.UUID | None = None


class ReassignIn(Schema):
    assignee: Assignee


class TaskOut(Schema):
    id: uuid.UUID
    scheme: uuid.UUID
    title: str
    notes: str
    due_on: date
    status: str
    kind: str
    assignee: uuid.UUID | None
    referral: uuid.UUID | None
    person: uuid.UUID | None


def _task(task: Task) -> dict[str, Any]:
    return {
        "id": str(task.pk),
        "scheme": str(task.scheme_id),
        "title": task.title,
        "notes": task.notes,
        "due_on": task.due_on.isoformat(),
        "status": task.status,
        "kind": task.kind,
        "assignee": str(task.assignee_id) if task.assignee_id else None,
        "referral": str(task.referral_id) if task.referral_id else None,
        "person": str(task.person_id) if task.person_id else None,
    }


def _assignee(request: AppRequest, scheme_id: uuid.UUID, chosen: Assignee) -> User | None:
    if chosen == "me":
        return request.user
    if chosen == "scheme":
        return None
    for member in scheme_staff(scheme_id):
        if str(member.pk) == chosen.lower():
            return member
    message = "Choose one of the scheme's link workers or managers, or leave it for the scheme."
    raise DomainError(message, code="task_assignee", field_errors={"assignee": [message]})


def _scheme(request: AppRequest, scheme_id: uuid.UUID | None) -> Scheme:
    schemes = Scheme.objects.filter(pk__in=scope_for(request.user).casework_schemes)
    if scheme_id is not None:
        schemes = schemes.filter(pk=scheme_id)
    scheme = schemes.order_by("name").first()
    if scheme is None:
        raise NotFoundError(
            "No such scheme among those whose tasks you work on.", code="scheme_not_found"
        )
    return scheme


def _visible(request: AppRequest, task_id: uuid.UUID) -> Task:
    try:
        return task_get_for_user(user=request.user, task_id=task_id)
    except Http404 as exc:
        raise NotFoundError("No such task.", code="task_not_found") from exc


@router.get("/", response=list[TaskOut])
def task_list(
    request: AppRequest,
    response: HttpResponse,
    status: Literal["open", "done"] = "open",
    assignee: Assignee | None = None,
    referral: uuid.UUID | None = None,
    due_by: date | None = None,
    limit: int = Query(100, ge=1, le=200),
    cursor: str | None = None,
) -> list[dict[str, Any]]:
    """The tasks the user may see (as on the task pages), soonest due first. Filter by status,
    by who they are for (`me`, `scheme` for nobody yet, or a colleague's id), by episode, or
    by due date. When more follow, the `Link` header (rel="next") carries the next page."""
    qs = tasks_visible_to(user=request.user).filter(status=status)
    if assignee == "me":
        qs = qs.filter(assignee=request.user)
    elif assignee == "scheme":
        qs = qs.filter(assignee__isnull=True)
    elif assignee is not None:
        qs = qs.filter(assignee_id=uuid.UUID(assignee))
    if referral is not None:
        qs = qs.filter(referral_id=referral)
    if due_by is not None:
        qs = qs.filter(due_on__lte=due_by)
    if cursor:
        day, last = date_and_id_after(cursor)
        qs = qs.filter(Q(due_on__gt=day) | Q(due_on=day, pk__gt=last))
    rows = list(qs.order_by("due_on", "pk")[: limit + 1])
    page = rows[:limit]
    if len(rows) > limit:
        next_page_link(request, response, after=[page[-1].due_on.isoformat(), str(page[-1].pk)])
    audit_task_list(actor=request.user, tasks=page, page="api_tasks")
    return [_task(task) for task in page]


@router.post("/", response={201: TaskOut})
def task_create_api(request: AppRequest, payload: TaskIn) -> Status[dict[str, Any]]:
    """Write a task by hand: for the caller, a colleague or the scheme; about an episode (the
    caller must be able to record on it) or not."""
    if payload.referral is not None:
        referral = writable_referral(request, payload.referral)
        if payload.scheme is not None and payload.scheme != referral.scheme_id:
            message = "Leave out the scheme, or give the episode's own."
            raise DomainError(message, code="task_invalid", field_errors={"scheme": [message]})
        scheme = referral.scheme
    else:
        referral = None
        scheme = _scheme(request, payload.scheme)
    assignee = _assignee(request, scheme.pk, payload.assignee)
    return Status(
        201,
        api_answer_once(
            request,
            f"tasks:{scheme.pk}",
            lambda: task_create(
                scheme=scheme,
                actor=request.user,
                title=payload.title,
                due_on=payload.due_on,
                assignee=assignee,
                referral=referral,
                notes=payload.notes,
            ),
            _task,
        ),
    )


@router.get("/{task_id}", response=TaskOut)
def task_detail(request: AppRequest, task_id: uuid.UUID) -> dict[str, Any]:
    task = _visible(request, task_id)
    audit_task_list(actor=request.user, tasks=[task], page="api_task")
    return _task(task)


@router.post("/{task_id}/done", response=TaskOut)
def task_done_api(request: AppRequest, task_id: uuid.UUID) -> dict[str, Any]:
    """Mark the task done; a task already done is refused (400), unless this is a replay of
    the request that did it."""
    task = _visible(request, task_id)
    return api_answer_once(
        request,
        f"task-done:{task.pk}",
        lambda: task_complete(task=task, actor=request.user),
        _task,
    )


@router.post("/{task_id}/reassign", response=TaskOut)
def task_reassign_api(
    request: AppRequest, task_id: uuid.UUID, payload: ReassignIn
) -> dict[str, Any]:
    """Pass the task to a colleague, take it (`me`), or give it back to the scheme."""
    task = _visible(request, task_id)
    assignee = _assignee(request, task.scheme_id, payload.assignee)
    return api_answer_once(
        request,
        f"task-reassign:{task.pk}",
        lambda: task_reassign(task=task, actor=request.user, assignee=assignee),
        _task,
    )
