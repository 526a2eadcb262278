"""The diary's pages: the link worker's week, booking from the episode page, moving,
cancelling, and recording how an appointment went. Each write is one service call."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.views import ALREADY_SAVED, add_errors, submit_once
from linkwork.diary.forms import (
    AppointmentForm,
    CancelForm,
    DiarySettingsForm,
    MoveForm,
    SessionForm,
)
from linkwork.diary.models import Appointment
from linkwork.diary.notices import untold_reason
from linkwork.diary.permissions import appointment_get_for_user
from linkwork.diary.selectors import (
    diary_week,
    monday_of,
    scheme_managed_by,
    schemes_managed_with_rules,
)
from linkwork.diary.services import (
    appointment_attended,
    appointment_book,
    appointment_cancel,
    appointment_did_not_attend,
    appointment_move,
    diary_settings_save,
)
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.episodes.selectors.caseload import link_workers_of
from linkwork.episodes.selectors.sessions import encounter_date_window, makes_home_visits


def when(appointment: Appointment) -> str:
    local = timezone.localtime(appointment.starts_at)
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"


def _untold(appointment: Appointment) -> str:
    """What the link worker is told when the person's message about the change could not go."""
    why = untold_reason(appointment)
    if not why:
        return ""
    name = appointment.referral.person.full_name
    return f"{name} has not been told about this: {why} Contact them yourself."


def _back(request: AppRequest, appointment: Appointment) -> str:
    """Back to the diary when the page was opened from it; otherwise to the episode."""
    if "diary" in (request.GET.get("back"), request.POST.get("back")):
        monday = monday_of(timezone.localdate(appointment.starts_at))
        return f"{reverse('diary:my_diary')}?week={monday.isoformat()}"
    return reverse("episodes:referral_detail", args=[appointment.referral_id]) + "#appointments"


def _form_page(
    request: AppRequest,
    *,
    template: str,
    context: dict[str, Any],
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], str],
    redirect_to: Callable[[Any], str],
    untold: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """A page with one form: on POST, one service call, then back with its message; the
    form again, with the errors beside its fields, when the form or the service refuses."""
    if request.method == "POST" and form.is_valid():
        result: list[Any] = []
        try:
            first = submit_once(request, lambda: result.append(action(form.cleaned_data)))
        except DomainError as exc:
            add_errors(form, exc)
        else:
            if first:
                messages.success(request, success(result[0]))
                if untold is not None and (why := untold(result[0])):
                    messages.warning(request, why)
                return redirect(redirect_to(result[0]))
            messages.info(request, ALREADY_SAVED)
            return redirect(redirect_to(None))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


@require_GET
@login_required
def my_diary(request: AppRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.link_worker_schemes or scope.managed_schemes):
        raise PermissionDenied("Only link workers and scheme managers have a diary.")
    today = clock.today()
    try:
        asked = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        asked = today
    week = diary_week(user=request.user, monday=monday_of(asked), today=today)
    audit_record_list(
        actor=request.user,
        object_type="diary",
        rows=[(a.referral.person_id, a.scheme_id) for a in week.appointments],
        detail={"week": week.monday.isoformat()},
    )
    return render(
        request,
        "diary/diary.html",
        {"week": week, "this_week": week.monday == monday_of(today), "now": clock.now()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def appointment_new(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    workers = link_workers_of(referral.scheme).order_by("last_name", "first_name")
    # The user's own diary when they are one of the scheme's link workers (covering a
    # colleague, say); otherwise (a manager) the episode's link worker's.
    mine = workers.filter(pk=request.user.pk).exists()
    form = AppointmentForm(
        request.POST or None,
        link_workers=workers,
        home_visits=makes_home_visits(referral),
        initial={
            "starts_on": clock.today(),
            "length_minutes": 45,
            "mode": "face_to_face",
            "link_worker": request.user.pk if mine else referral.link_worker_id,
        },
    )
    episode = reverse("episodes:referral_detail", args=[referral.pk]) + "#appointments"
    return _form_page(
        request,
        template="diary/appointment_new.html",
        context={"referral": referral},
        form=form,
        action=lambda _: appointment_book(referral=referral, actor=request.user, **form.booking()),
        success=lambda a: f"Appointment booked for {when(a)}.",
        untold=_untold,
        redirect_to=lambda _: episode,
    )


@require_http_methods(["GET", "POST"])
@login_required
def appointment_move_view(request: AppRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = appointment_get_for_user(user=request.user, appointment_id=appointment_id)
    local = timezone.localtime(appointment.starts_at)
    form = MoveForm(
        request.POST or None,
        initial={
            "starts_on": local.date(),
            "starts_at": local.time(),
            "length_minutes": appointment.length_minutes,
        },
    )
    return _form_page(
        request,
        template="diary/appointment_move.html",
        context=_context(request, appointment),
        form=form,
        action=lambda data: appointment_move(
            appointment=appointment,
            actor=request.user,
            starts_at=form.starts(),
            length_minutes=data["length_minutes"],
            reason=data["reason"],
        ),
        success=lambda a: f"Appointment moved to {when(a)}.",
        untold=_untold,
        redirect_to=lambda a: _back(request, a or appointment),
    )


@require_http_methods(["GET", "POST"])
@login_required
def appointment_cancel_view(request: AppRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = appointment_get_for_user(user=request.user, appointment_id=appointment_id)
    return _form_page(
        request,
        template="diary/appointment_cancel.html",
        context=_context(request, appointment),
        form=CancelForm(request.POST or None),
        action=lambda data: appointment_cancel(
            appointment=appointment, actor=request.user, reason=data["reason"]
        ),
        success=lambda a: f"Appointment on {when(a)} cancelled.",
        untold=_untold,
        redirect_to=lambda _: _back(request, appointment),
    )


@require_http_methods(["GET", "POST"])
@login_required
def appointment_attended_view(request: AppRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = appointment_get_for_user(user=request.user, appointment_id=appointment_id)
    referral = appointment.referral
    form = SessionForm(
        request.POST or None,
        window=encounter_date_window(referral, today=clock.today()),
        home_visits=makes_home_visits(referral),
        initial={
            "occurred_on": timezone.localdate(appointment.starts_at),
            "mode": appointment.mode,
            "duration_minutes": appointment.length_minutes,
            "location": appointment.where[:200],
        },
    )
    return _form_page(
        request,
        template="diary/appointment_attended.html",
        context=_context(request, appointment),
        form=form,
        action=lambda data: appointment_attended(
            appointment=appointment, actor=request.user, **data
        ),
        success=lambda _: "Session recorded.",
        redirect_to=lambda _: _back(request, appointment),
    )


@require_POST
@login_required
def appointment_did_not_attend_view(request: AppRequest, appointment_id: uuid.UUID) -> HttpResponse:
    """From the diary or the episode: with htmx, only the appointment's row comes back, marked
    (or with the reason it was refused beside the button); otherwise back to the page."""
    appointment = appointment_get_for_user(user=request.user, appointment_id=appointment_id)
    problem = ""
    try:
        first = submit_once(
            request,
            lambda: appointment_did_not_attend(appointment=appointment, actor=request.user),
        )
    except DomainError as exc:
        problem = exc.message
    if request.htmx:
        appointment.refresh_from_db()
        diary = request.POST.get("back") == "diary"
        context = {
            "a": appointment,
            "show_person": diary,
            "back": "diary" if diary else "",
            "now": clock.now(),
            "row_problem": problem,
        }
        return render(
            request, "diary/_appointment_row.html", context, status=400 if problem else 200
        )
    if problem:
        messages.error(request, problem)
    else:
        messages.success(
            request,
            f"Recorded: {appointment.referral.person.full_name} did not attend."
            if first
            else ALREADY_SAVED,
        )
    return redirect(_back(request, appointment))


def _context(request: AppRequest, appointment: Appointment) -> dict[str, Any]:
    return {
        "appointment": appointment,
        "referral": appointment.referral,
        "when": when(appointment),
        "back": "diary" if "diary" in (request.GET.get("back"), request.POST.get("back")) else "",
        "back_url": _back(request, appointment),
    }


@require_GET
@login_required
def diary_settings(request: AppRequest) -> HttpResponse:
    return _settings_page(request)


@require_POST
@login_required
def diary_settings_change(request: AppRequest, scheme_id: uuid.UUID) -> HttpResponse:
    scheme = scheme_managed_by(user=request.user, scheme_id=scheme_id)
    form = DiarySettingsForm(request.POST)
    if form.is_valid():
        try:
            diary_settings_save(scheme=scheme, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Diary settings saved for {scheme.name}.")
            return redirect("diary:settings")
    return _settings_page(request, failed=(scheme.pk, form))


def _settings_page(
    request: AppRequest, failed: tuple[uuid.UUID, DiarySettingsForm] | None = None
) -> HttpResponse:
    """Each scheme the user manages with its own form; a refused one keeps what was typed."""
    rows = [
        (
            scheme,
            failed[1]
            if failed and failed[0] == scheme.pk
            else DiarySettingsForm(
                initial={
                    "missed_contacts": rules.missed_contacts,
                    "quiet_days": rules.quiet_days,
                    "reminder_hours": rules.reminder_hours,
                },
                auto_id=f"id_{scheme.pk}-%s",
            ),
        )
        for scheme, rules in schemes_managed_with_rules(user=request.user)
    ]
    if not rows:
        raise PermissionDenied("Only scheme managers set a scheme's diary rules.")
    return render(
        request,
        "diary/settings.html",
        {"rows": rows, "failed": failed[1] if failed else None},
        status=400 if failed else 200,
    )
