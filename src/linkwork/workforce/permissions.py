"""Fetch-and-authorise for the workforce pages.

- A scheme's posts, standard and costs: its scheme managers and system administrators.
- A scheme's indicators (aggregates): those, and commissioners of the scheme (their
  organisation commissions it, or sits above the organisation that does).
- A post's supervision, training and wellbeing records: the post holder and their line
  manager only. The scheme's managers see the post but only aggregates of those records.
- A practice's resources: its practice managers, the managers of a scheme serving it, and
  system administrators.
- Changing a post: the scheme's managers and the post's line manager; the holder gets 403.
- Changing or ending a fund or protected time: the practice's managers and the managers of
  the scheme it was recorded for; a manager of another scheme serving the practice gets 403.

Someone linked to the thing (a link worker of the scheme, a referrer at the practice) gets 403;
everyone else 404, the same answer as for something that does not exist.
"""

from __future__ import annotations

import uuid
from enum import IntEnum
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.roles import REFERRER_ROLES, Role
from linkwork.accounts.selectors import organisation_ids_for, scheme_ids_for, user_roles
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Scheme
from linkwork.workforce.models import (
    LinkWorkerPost,
    PracticeFund,
    ProtectedTime,
    SupportSession,
    TrainingRecord,
    WellbeingCheck,
)

SCHEME_MANAGERS = frozenset({Role.SCHEME_MANAGER})
LINK_WORKERS = frozenset({Role.LINK_WORKER})
PRACTICE_MANAGERS = frozenset({Role.PRACTICE_MANAGER})
COMMISSIONERS = frozenset({Role.COMMISSIONER})


class PostAccess(IntEnum):
    NONE = 0
    SCHEME_MANAGER = 1  # sees the post, not its private records
    HOLDER = 2
    LINE_MANAGER = 3


def is_system_admin(user: User) -> bool:
    return Role.SYSTEM_ADMIN in user_roles(user=user)


def _refuse(related: bool, what: str) -> NoReturn:
    if related:
        raise PermissionDenied(f"You cannot do this for this {what}.")
    raise Http404(f"No such {what}.")


def manages_scheme(user: User, scheme: Scheme) -> bool:
    return is_system_admin(user) or scheme.pk in scheme_ids_for(user=user, roles=SCHEME_MANAGERS)


def commissions_scheme(user: User, scheme: Scheme) -> bool:
    """The commissioner's organisation commissions the scheme or is above the one that does."""
    mine = organisation_ids_for(user=user, roles=COMMISSIONERS)
    org: Organisation | None = scheme.commissioner
    while org is not None:
        if org.pk in mine:
            return True
        org = org.parent
    return False


def _scheme(slug: str) -> Scheme:
    scheme = (
        Scheme.objects.filter(slug=slug)
        .select_related("region", "commissioner__parent__parent", "employer")
        .first()
    )
    if scheme is None:
        raise Http404("No such scheme.")
    return scheme


def scheme_get_for_manager(*, user: User, slug: str) -> Scheme:
    scheme = _scheme(slug)
    if not manages_scheme(user, scheme):
        _refuse(scheme.pk in scheme_ids_for(user=user, roles=LINK_WORKERS), "scheme")
    return scheme


def scheme_get_for_indicators(*, user: User, slug: str) -> Scheme:
    scheme = _scheme(slug)
    if not (manages_scheme(user, scheme) or commissions_scheme(user, scheme)):
        _refuse(scheme.pk in scheme_ids_for(user=user, roles=LINK_WORKERS), "scheme")
    return scheme


def post_access(*, user: User, post: LinkWorkerPost) -> PostAccess:
    if post.line_manager_id == user.pk:
        return PostAccess.LINE_MANAGER
    if post.holder_id is not None and post.holder_id == user.pk:
        return PostAccess.HOLDER
    if manages_scheme(user, post.scheme):
        return PostAccess.SCHEME_MANAGER
    return PostAccess.NONE


def post_get_for_user(*, user: User, post_id: uuid.UUID, need: PostAccess) -> LinkWorkerPost:
    post = (
        LinkWorkerPost.objects.filter(pk=post_id)
        .select_related("scheme", "holder", "line_manager", "employer")
        .first()
    )
    if post is None:
        raise Http404("No such post.")
    access = post_access(user=user, post=post)
    if access < need:
        _refuse(
            access is not PostAccess.NONE
            or post.scheme_id in scheme_ids_for(user=user, roles=LINK_WORKERS),
            "post",
        )
    return post


def manages_practice(user: User, practice: Organisation) -> bool:
    if is_system_admin(user) or practice.pk in organisation_ids_for(
        user=user, roles=PRACTICE_MANAGERS
    ):
        return True
    serving = set(Scheme.objects.filter(practices=practice).values_list("pk", flat=True))
    return bool(serving & scheme_ids_for(user=user, roles=SCHEME_MANAGERS))


def practice_get_for_manager(*, user: User, practice_id: uuid.UUID) -> Organisation:
    practice = (
        Organisation.objects.filter(pk=practice_id, kind=OrgKind.GP_PRACTICE.value)
        .select_related("region", "parent")
        .first()
    )
    if practice is None:
        raise Http404("No such practice.")
    if not manages_practice(user, practice):
        _refuse(practice.pk in organisation_ids_for(user=user, roles=REFERRER_ROLES), "practice")
    return practice


RECORD_KINDS: dict[str, type[SupportSession] | type[TrainingRecord] | type[WellbeingCheck]] = {
    "session": SupportSession,
    "training": TrainingRecord,
    "wellbeing": WellbeingCheck,
}


def post_record_get_for_user(
    *, user: User, kind: str, record_id: uuid.UUID
) -> SupportSession | TrainingRecord | WellbeingCheck:
    """One of a post's private records, for its link worker or their line manager."""
    model = RECORD_KINDS.get(kind)
    record = model.objects.filter(pk=record_id).first() if model else None
    if record is None:
        raise Http404("No such record.")
    post_get_for_user(user=user, post_id=record.post_id, need=PostAccess.HOLDER)
    return record


def post_get_for_editing(*, user: User, post_id: uuid.UUID) -> LinkWorkerPost:
    post = post_get_for_user(user=user, post_id=post_id, need=PostAccess.SCHEME_MANAGER)
    if not (post.line_manager_id == user.pk or manages_scheme(user, post.scheme)):
        raise PermissionDenied("Only the scheme's managers and the line manager change a post.")
    return post


RESOURCE_KINDS: dict[str, type[PracticeFund] | type[ProtectedTime]] = {
    "fund": PracticeFund,
    "time": ProtectedTime,
}


def resource_get_for_editing(
    *, user: User, kind: str, record_id: uuid.UUID
) -> PracticeFund | ProtectedTime:
    """A fund or protected time, for the practice's managers and the managers of the scheme it
    was recorded for."""
    model = RESOURCE_KINDS.get(kind)
    record = (
        model.objects.filter(pk=record_id).select_related("practice", "scheme").first()
        if model
        else None
    )
    if record is None:
        raise Http404("No such record.")
    if (
        is_system_admin(user)
        or record.practice_id in organisation_ids_for(user=user, roles=PRACTICE_MANAGERS)
        or record.scheme_id in scheme_ids_for(user=user, roles=SCHEME_MANAGERS)
    ):
        return record
    _refuse(
        manages_practice(user, record.practice)
        or record.practice_id in organisation_ids_for(user=user, roles=REFERRER_ROLES),
        "record",
    )
