"""Who sees safeguarding concerns and contact notes: the rule for session notes (the
person's own link workers, now or before, and the scheme's managers; episodes.permissions
`can_read_notes`). Everyone else gets 404, the same answer as "no such concern"; every read
is audited."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record
from linkwork.episodes.models import Referral
from linkwork.people.permissions import unrestricted_or_managed
from linkwork.safeguarding.models import Concern


def sees_concerns(user: User) -> bool:
    """Only link workers and scheme managers have concerns to see at all."""
    scope = scope_for(user)
    return bool(scope.link_worker_schemes or scope.managed_schemes)


def concerns_visible_to(*, user: User) -> QuerySet[Concern]:
    """Scheme managers: their schemes' concerns. Link workers: concerns about the people they
    support or have supported (their caseload), in their schemes."""
    scope = scope_for(user)
    caseload = Referral.objects.filter(
        Q(link_worker=user) | Q(assignments__link_worker=user)
    ).values("person_id")
    return Concern.objects.filter(
        Q(scheme_id__in=scope.managed_schemes)
        | Q(scheme_id__in=scope.link_worker_schemes, person_id__in=caseload)
    ).filter(unrestricted_or_managed(user=user))


def concern_get_for_user(*, user: User, concern_id: uuid.UUID) -> Concern:
    concern = (
        concerns_visible_to(user=user)
        .select_related("person", "referral", "scheme", "raised_by", "risk_alert")
        .filter(pk=concern_id)
        .first()
    )
    if concern is None:
        raise Http404("No such concern.")
    audit_record(
        actor=user,
        action="view",
        object_type="safeguarding_concern",
        object_id=concern.pk,
        person_id=concern.person_id,
        scheme_id=concern.scheme_id,
    )
    return concern
