"""Link worker posts: the scheme's list and standard (scheme managers), and each post's own
supervision, training and wellbeing records (the post holder and their line manager)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.selectors import scheme_ids_for
from linkwork.core.clock import today
from linkwork.core.errors import DomainError
from linkwork.core.forms import Form
from linkwork.organisations.models import Scheme
from linkwork.workforce.forms import (
    PostEndForm,
    PostForm,
    SessionForm,
    StandardForm,
    TrainingForm,
    WellbeingForm,
)
from linkwork.workforce.models import LinkWorkerPost
from linkwork.workforce.permissions import (
    SCHEME_MANAGERS,
    PostAccess,
    is_system_admin,
    post_access,
    post_get_for_user,
    post_record_get_for_user,
    scheme_get_for_manager,
)
from linkwork.workforce.selectors import (
    indicator_schemes,
    managed_practices,
    post_records,
    posts_for_user,
    scheme_posts,
    scheme_standard,
)
from linkwork.workforce.services import (
    post_create,
    post_end,
    post_record_remove,
    session_record,
    standard_set,
    training_record,
    wellbeing_record,
)
from linkwork.workforce.views.common import save_form


@require_GET
@login_required
def index_view(request: AppRequest) -> HttpResponse:
    posts = list(posts_for_user(user=request.user))
    schemes = list(indicator_schemes(user=request.user))
    practices = list(managed_practices(user=request.user)[:200])
    managed = (
        {s.pk for s in schemes}
        if is_system_admin(request.user)
        else scheme_ids_for(user=request.user, roles=SCHEME_MANAGERS)
    )
    return render(
        request,
        "workforce/index.html",
        {"posts": posts, "schemes": schemes, "practices": practices, "managed_ids": managed},
    )


def _standard_initial(scheme: Scheme) -> dict[str, Any]:
    standard = scheme_standard(scheme)
    return {
        "supervision_interval_days": standard.supervision_interval_days,
        "required_courses": "\n".join(standard.required_courses),
        "wellbeing_items": "\n".join(standard.wellbeing_items),
    }


def _posts_page(
    request: AppRequest, scheme: Scheme, post_form: PostForm, standard_form: StandardForm
) -> HttpResponse:
    bound = post_form.is_bound or standard_form.is_bound
    return render(
        request,
        "workforce/scheme_posts.html",
        {
            "scheme": scheme,
            "posts": list(scheme_posts(scheme=scheme)),
            "standard": scheme_standard(scheme),
            "form": post_form,
            "standard_form": standard_form,
            "end_form": PostEndForm(initial={"ended_on": today()}),
        },
        status=400 if bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def scheme_posts_view(request: AppRequest, slug: str) -> HttpResponse:
    scheme = scheme_get_for_manager(user=request.user, slug=slug)
    form = PostForm(request.POST or None, scheme=scheme)
    if request.method == "POST":
        data = form.cleaned_data if form.is_valid() else {}
        if save_form(
            request,
            form,
            lambda: post_create(
                actor=request.user,
                scheme=scheme,
                holder=data["holder"],
                line_manager=data["line_manager"],
                employer=data["employer"],
                contracted_hours=data["contracted_hours"],
                started_on=data["started_on"],
                practices=list(data["practices"]),
                thematic_role=data["thematic_role"],
                title=data["title"],
            ),
            "The post was added.",
        ):
            return redirect("workforce:scheme_posts", slug=scheme.slug)
    standard_form = StandardForm(initial=_standard_initial(scheme))
    return _posts_page(request, scheme, form, standard_form)


@require_POST
@login_required
def standard_view(request: AppRequest, slug: str) -> HttpResponse:
    scheme = scheme_get_for_manager(user=request.user, slug=slug)
    form = StandardForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    if save_form(
        request,
        form,
        lambda: standard_set(
            actor=request.user,
            scheme=scheme,
            supervision_interval_days=data["supervision_interval_days"],
            required_courses=data["required_courses"],
            wellbeing_items=data["wellbeing_items"],
        ),
        "The scheme's standard was saved.",
    ):
        return redirect("workforce:scheme_posts", slug=scheme.slug)
    return _posts_page(request, scheme, PostForm(scheme=scheme), form)


@require_POST
@login_required
def post_end_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    post = post_get_for_user(user=request.user, post_id=pk, need=PostAccess.SCHEME_MANAGER)
    scheme = scheme_get_for_manager(user=request.user, slug=post.scheme.slug)
    form = PostEndForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    if save_form(
        request,
        form,
        lambda: post_end(actor=request.user, post=post, ended_on=data["ended_on"]),
        "The post was ended.",
    ):
        return redirect("workforce:scheme_posts", slug=scheme.slug)
    page = _posts_page(
        request, scheme, PostForm(scheme=scheme), StandardForm(initial=_standard_initial(scheme))
    )
    page.status_code = 400
    return page


def _post_page(
    request: AppRequest, post: LinkWorkerPost, forms: dict[str, Any] | None = None
) -> HttpResponse:
    access = post_access(user=request.user, post=post)
    items = list(scheme_standard(post.scheme).wellbeing_items)
    bound = forms or {}
    return render(
        request,
        "workforce/post_detail.html",
        {
            "post": post,
            "records": post_records(post=post),
            "is_line_manager": access is PostAccess.LINE_MANAGER,
            "is_holder": post.holder_id == request.user.pk,
            "session_form": bound.get("session") or SessionForm(),
            "training_form": bound.get("training") or TrainingForm(),
            "wellbeing_form": bound.get("wellbeing") or WellbeingForm(items=items),
        },
        status=400 if bound else 200,
    )


@require_GET
@login_required
def post_detail_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    post = post_get_for_user(user=request.user, post_id=pk, need=PostAccess.HOLDER)
    return _post_page(request, post)


def _post_write(
    request: AppRequest,
    pk: uuid.UUID,
    key: str,
    make_form: Callable[[LinkWorkerPost], Form],
    write: Callable[[LinkWorkerPost, Any], object],
    success: str,
) -> HttpResponse:
    """The one shape of every form on a post's page: the holder's or line manager's POST, one
    service call, then back to the page (or the page again with the errors by the form)."""
    post = post_get_for_user(user=request.user, post_id=pk, need=PostAccess.HOLDER)
    form = make_form(post)
    if save_form(request, form, lambda: write(post, form), success):
        return redirect("workforce:post_detail", pk=post.pk)
    return _post_page(request, post, {key: form})


@require_POST
@login_required
def session_add_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _post_write(
        request,
        pk,
        "session",
        lambda post: SessionForm(request.POST),
        lambda post, form: session_record(actor=request.user, post=post, **form.cleaned_data),
        "The session was recorded.",
    )


@require_POST
@login_required
def training_add_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _post_write(
        request,
        pk,
        "training",
        lambda post: TrainingForm(request.POST),
        lambda post, form: training_record(actor=request.user, post=post, **form.cleaned_data),
        "The training was recorded.",
    )


@require_POST
@login_required
def wellbeing_add_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _post_write(
        request,
        pk,
        "wellbeing",
        lambda post: WellbeingForm(
            request.POST, items=list(scheme_standard(post.scheme).wellbeing_items)
        ),
        lambda post, form: wellbeing_record(actor=request.user, post=post, answers=form.answers()),
        "Your wellbeing check was saved.",
    )


@require_POST
@login_required
def record_remove_view(request: AppRequest, kind: str, pk: uuid.UUID) -> HttpResponse:
    record = post_record_get_for_user(user=request.user, kind=kind, record_id=pk)
    try:
        post_record_remove(actor=request.user, record=record)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The record was removed.")
    return redirect("workforce:post_detail", pk=record.post_id)
