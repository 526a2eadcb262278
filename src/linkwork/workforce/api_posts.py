"""JSON API for a scheme's link worker posts and its standard: add a post and set the
standard (the scheme's managers), change a post (those and the post's line manager), end a
post (the scheme's managers). Each authorises as its page does and calls the same service;
people and organisations are named by id and must be ones the page would offer."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once
from linkwork.core.errors import DomainError
from linkwork.organisations.models import Scheme
from linkwork.workforce.api import router
from linkwork.workforce.edit_services import post_update
from linkwork.workforce.models import LinkWorkerPost, WorkforceStandard
from linkwork.workforce.permissions import (
    PostAccess,
    post_get_for_editing,
    post_get_for_user,
    scheme_get_for_manager,
)
from linkwork.workforce.selectors import (
    employer_candidates,
    line_manager_candidates,
    scheme_link_workers,
)
from linkwork.workforce.services import post_create, post_end, standard_set
from linkwork.workforce.vocab import MAX_CONTRACTED_HOURS, MAX_WELLBEING_ITEMS, ThematicRole

M = TypeVar("M", bound=Model)


class PostIn(Schema):
    title: str = Field("Link worker", max_length=120)
    # Empty while the post is vacant.
    holder: uuid.UUID | None = None
    line_manager: uuid.UUID | None = None
    employer: uuid.UUID
    contracted_hours: Decimal = Field(ge=1, le=MAX_CONTRACTED_HOURS, max_digits=4, decimal_places=1)
    started_on: date
    practices: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    thematic_role: str = ThematicRole.GENERIC.value


class PostOut(Schema):
    id: uuid.UUID
    scheme: uuid.UUID
    title: str
    holder: uuid.UUID | None
    line_manager: uuid.UUID | None
    employer: uuid.UUID
    contracted_hours: str
    started_on: date
    ended_on: date | None
    practices: list[uuid.UUID]
    thematic_role: str


class PostEndIn(Schema):
    ended_on: date


class StandardIn(Schema):
    supervision_interval_days: int = Field(ge=7, le=180)
    required_courses: list[str] = Field(default_factory=list, max_length=50)
    wellbeing_items: list[str] = Field(min_length=1, max_length=MAX_WELLBEING_ITEMS)


class StandardOut(Schema):
    scheme: uuid.UUID
    supervision_interval_days: int
    required_courses: list[str]
    wellbeing_items: list[str]


def _post_out(post: LinkWorkerPost) -> dict[str, Any]:
    def _id(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "id": str(post.pk),
        "scheme": str(post.scheme_id),
        "title": post.title,
        "holder": _id(post.holder_id),
        "line_manager": _id(post.line_manager_id),
        "employer": str(post.employer_id),
        "contracted_hours": str(Decimal(post.contracted_hours).quantize(Decimal("0.1"))),
        "started_on": post.started_on.isoformat(),
        "ended_on": post.ended_on.isoformat() if post.ended_on else None,
        "practices": sorted(str(pk) for pk in post.practices.values_list("pk", flat=True)),
        "thematic_role": post.thematic_role,
    }


def _standard_out(standard: WorkforceStandard) -> dict[str, Any]:
    return {
        "scheme": str(standard.scheme_id),
        "supervision_interval_days": standard.supervision_interval_days,
        "required_courses": list(standard.required_courses),
        "wellbeing_items": list(standard.wellbeing_items),
    }


def _chosen(
    problems: dict[str, list[str]], field: str, offered: QuerySet[M], pk: uuid.UUID
) -> M | None:
    """The one the page would offer with this id; otherwise a problem named by the field."""
    found = offered.filter(pk=pk).first()
    if found is None:
        problems.setdefault(field, []).append("Choose one this scheme offers for this field.")
    return found


def _post_fields(scheme: Scheme, payload: PostIn) -> dict[str, Any]:
    """The payload's ids as the records a post form would have chosen, or a 400 naming every
    field whose id the form would not have offered."""
    problems: dict[str, list[str]] = {}
    holder = line_manager = None
    if payload.holder is not None:
        holder = _chosen(problems, "holder", scheme_link_workers(scheme=scheme), payload.holder)
    if payload.line_manager is not None:
        line_manager = _chosen(
            problems, "line_manager", line_manager_candidates(scheme=scheme), payload.line_manager
        )
    employer = _chosen(problems, "employer", employer_candidates(scheme=scheme), payload.employer)
    wanted = set(payload.practices)
    practices = list(scheme.practices.filter(pk__in=wanted).order_by("name"))
    if len(practices) != len(wanted):
        problems["practices"] = ["Choose only practices this scheme serves."]
    if problems:
        raise DomainError("Check the post's details.", code="post_invalid", field_errors=problems)
    return {
        "title": payload.title,
        "holder": holder,
        "line_manager": line_manager,
        "employer": employer,
        "contracted_hours": payload.contracted_hours,
        "started_on": payload.started_on,
        "practices": practices,
        "thematic_role": payload.thematic_role,
    }


@router.post("/schemes/{slug}/posts", response={201: PostOut})
def post_create_api(request: AppRequest, slug: str, payload: PostIn) -> Status[dict[str, Any]]:
    """Add a link worker post to the scheme (its managers)."""
    scheme = scheme_get_for_manager(user=request.user, slug=slug)
    fields = _post_fields(scheme, payload)
    return Status(
        201,
        api_answer_once(
            request,
            f"posts:{scheme.pk}",
            lambda: post_create(actor=request.user, scheme=scheme, **fields),
            _post_out,
        ),
    )


@router.put("/posts/{post_id}", response=PostOut)
def post_change_api(request: AppRequest, post_id: uuid.UUID, payload: PostIn) -> dict[str, Any]:
    """Change a post (the scheme's managers and the post's line manager); its holder changes
    only to fill a vacancy."""
    post = post_get_for_editing(user=request.user, post_id=post_id)
    fields = _post_fields(post.scheme, payload)
    return api_answer_once(
        request,
        f"post-change:{post.pk}",
        lambda: post_update(actor=request.user, post=post, **fields),
        _post_out,
    )


@router.post("/posts/{post_id}/end", response=PostOut)
def post_end_api(request: AppRequest, post_id: uuid.UUID, payload: PostEndIn) -> dict[str, Any]:
    """End a post on its holder's last day (the scheme's managers)."""
    post = post_get_for_user(user=request.user, post_id=post_id, need=PostAccess.SCHEME_MANAGER)
    scheme_get_for_manager(user=request.user, slug=post.scheme.slug)
    return api_answer_once(
        request,
        f"post-end:{post.pk}",
        lambda: post_end(actor=request.user, post=post, ended_on=payload.ended_on),
        _post_out,
    )


@router.put("/schemes/{slug}/standard", response=StandardOut)
def standard_set_api(request: AppRequest, slug: str, payload: StandardIn) -> dict[str, Any]:
    """Set what the scheme expects of every post: how often supervision is due, the courses
    each link worker completes, and the wellbeing check's questions (its managers)."""
    scheme = scheme_get_for_manager(user=request.user, slug=slug)
    return api_answer_once(
        request,
        f"standard:{scheme.pk}",
        lambda: standard_set(actor=request.user, scheme=scheme, **payload.dict()),
        _standard_out,
    )
