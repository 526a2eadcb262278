"""Task and notification pages. Thin: each write is one service call, every task is reached
through a fetch that refuses another scheme's (404), and every list of people is audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.views import ALREADY_SAVED, add_errors, submit_once
from linkwork.episodes.models import Referral
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.organisations.models import Scheme
from linkwork.tasks.forms import SCHEME, EmailPreferenceForm, ReassignForm, TaskForm
from linkwork.tasks.models import NotificationPreference, Task
from linkwork.tasks.selectors import (
    audit_task_list,
    my_tasks,
    notifications_for,
    scheme_tasks,
    task_get_for_user,
    unclaimed_tasks,
)
from linkwork.tasks.services import (
    notification_preference_set,
    notifications_mark_seen,
    scheme_staff,
    task_complete,
    task_create,
    task_reassign,
)


def _casework_scheme(user: User) -> Scheme:
    """The scheme a task written outside an episode belongs to: the user's first (by name)."""
    scheme = Scheme.objects.filter(pk__in=scope_for(user).casework_schemes).order_by("name").first()
    if scheme is None:
        raise PermissionDenied("Tasks are for the scheme's link workers and managers.")
    return scheme


def _chosen(form: TaskForm | ReassignForm, user: User) -> User | None:
    value = str(form.cleaned_data.get("assignee") or "")
    if value == SCHEME:
        return None
    if not value:
        return user
    staff: dict[str, User] = getattr(form, "staff", {})
    if value in staff:
        return staff[value]
    return User.objects.filter(pk=value).first() if _is_uuid(value) else None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _back(request: AppRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_GET
@login_required
def my_task_list(request: AppRequest) -> HttpResponse:
    scheme = _casework_scheme(request.user)
    mine = list(my_tasks(user=request.user))
    unclaimed = list(unclaimed_tasks(user=request.user))
    audit_task_list(actor=request.user, tasks=[*mine, *unclaimed], page="my_tasks")
    return render(
        request,
        "tasks/my_tasks.html",
        {
            "tasks": mine,
            "unclaimed": unclaimed,
            "today": clock.today(),
            "scheme": scheme,
            "manages": bool(scope_for(request.user).managed_schemes),
        },
    )


@require_GET
@login_required
def scheme_task_list(request: AppRequest) -> HttpResponse:
    if not scope_for(request.user).managed_schemes:
        raise PermissionDenied("Only scheme managers see all of a scheme's tasks.")
    tasks = list(scheme_tasks(user=request.user))
    audit_task_list(actor=request.user, tasks=tasks, page="scheme_tasks")
    staff = {s: scheme_staff(s) for s in {t.scheme_id for t in tasks}}
    rows = [(t, ReassignForm(staff=staff[t.scheme_id], auto_id=f"id_{t.pk}-%s")) for t in tasks]
    return render(request, "tasks/scheme_tasks.html", {"rows": rows, "today": clock.today()})


@require_http_methods(["GET", "POST"])
@login_required
def task_new(request: AppRequest) -> HttpResponse:
    scheme = _casework_scheme(request.user)
    return _task_form(request, scheme=scheme, referral=None, done=reverse("tasks:mine"))


@require_http_methods(["GET", "POST"])
@login_required
def episode_task_new(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    done = reverse("episodes:referral_detail", args=[referral.pk]) + "#tasks"
    return _task_form(request, scheme=referral.scheme, referral=referral, done=done)


def _task_form(
    request: AppRequest, *, scheme: Scheme, referral: Referral | None, done: str
) -> HttpResponse:
    staff = scheme_staff(scheme.pk)
    form = TaskForm(request.POST or None, staff=staff, initial={"due_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> object:
            return task_create(
                scheme=scheme,
                actor=request.user,
                title=data["title"],
                due_on=data["due_on"],
                assignee=_chosen(form, request.user),
                referral=referral,
                notes=data["notes"],
            )

        try:
            ran = submit_once(request, create)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            if ran:
                messages.success(request, "Task added.")
            else:
                messages.info(request, ALREADY_SAVED)
            return redirect(done)
    context: dict[str, Any] = {"form": form, "referral": referral, "scheme": scheme, "back": done}
    return render(
        request, "tasks/task_new.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
@login_required
def task_done(request: AppRequest, task_id: uuid.UUID) -> HttpResponse:
    task = task_get_for_user(user=request.user, task_id=task_id)
    try:
        task_complete(task=task, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Done: {task.title}.")
    return redirect(_back(request, reverse("tasks:mine")))


@require_POST
@login_required
def task_pass(request: AppRequest, task_id: uuid.UUID) -> HttpResponse:
    task: Task = task_get_for_user(user=request.user, task_id=task_id)
    form = ReassignForm(request.POST, staff=scheme_staff(task.scheme_id))
    if not form.is_valid():
        messages.error(request, "Choose who the task is for, from the list.")
    else:
        try:
            task_reassign(task=task, actor=request.user, assignee=_chosen(form, request.user))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Passed on: {task.title}.")
    return redirect(_back(request, reverse("tasks:mine")))


@require_GET
@login_required
def notification_list(request: AppRequest) -> HttpResponse:
    unseen, seen = notifications_for(user=request.user)
    audit_record_list(
        actor=request.user,
        object_type="notification",
        rows=[(n.task.person_id, n.scheme_id) for n in [*unseen, *seen] if n.task.person_id],
        detail={"list": "notifications"},
    )
    preference = NotificationPreference.objects.filter(user=request.user).first()
    form = EmailPreferenceForm(initial={"email": bool(preference and preference.email)})
    return render(
        request,
        "tasks/notifications.html",
        {"unseen": unseen, "seen": seen, "email_form": form, "has_email": bool(request.user.email)},
    )


@require_POST
@login_required
def notifications_seen(request: AppRequest) -> HttpResponse:
    notifications_mark_seen(user=request.user)
    return redirect("tasks:notifications")


@require_POST
@login_required
def notification_email(request: AppRequest) -> HttpResponse:
    form = EmailPreferenceForm(request.POST)
    wanted = bool(form.is_valid() and form.cleaned_data["email"])
    try:
        notification_preference_set(user=request.user, email=wanted)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "Your notifications will be emailed to you as well."
            if wanted
            else "Your notifications will no longer be emailed.",
        )
    return redirect("tasks:notifications")
