"""Who sees what of the person's voice.

- Feedback results (counts by scheme, small numbers suppressed): the scheme's managers for
  their schemes, commissioners for the schemes they commission (directly or through the
  organisations their organisation contains).
- Feedback comments, in the person's words: only the scheme's managers.
- Which episodes' links were sent and answered: the episode page, for those who work on it;
  never what a person answered.
- Case studies: written on the episode page by those who work on it; approved by the
  scheme's managers; exported, scrubbed, for managers and commissioners of the scheme.
Everyone else is refused with 403.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.accounts.selectors import organisation_ids_for
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.organisations.models import Scheme
from linkwork.voice.models import CaseStudy


@dataclass(frozen=True, slots=True)
class VoiceScope:
    scheme_ids: tuple[uuid.UUID, ...]
    managed: frozenset[uuid.UUID]  # whose comments the user may read, and whose stories approve
    label: str


def commissioned_scheme_ids(user: User) -> set[uuid.UUID]:
    orgs = organisation_ids_for(user=user, roles=frozenset({Role.COMMISSIONER}))
    if not orgs:
        return set()
    return set(
        Scheme.objects.filter(
            Q(commissioner_id__in=orgs) | Q(commissioner__parent_id__in=orgs)
        ).values_list("pk", flat=True)
    )


def voice_scope_for(*, user: User) -> VoiceScope:
    """The schemes whose feedback results and case study exports the user may see."""
    managed = scope_for(user).managed_schemes
    commissioned = commissioned_scheme_ids(user)
    ids = set(managed) | commissioned
    if not ids:
        raise PermissionDenied(
            "Feedback results and case studies are for scheme managers and commissioners."
        )
    label = "your schemes" if managed else "the schemes you commission"
    return VoiceScope(tuple(sorted(ids, key=str)), frozenset(managed), label)


def case_study_get_for_user(
    *, user: User, case_study_id: uuid.UUID, write: bool = False
) -> CaseStudy:
    """A case study, for those who may see its episode's casework (the fetch of the episode
    audits the read); 404 for everyone else."""
    case_study = (
        CaseStudy.objects.select_related("approved_by", "written_by")
        .filter(pk=case_study_id)
        .first()
    )
    if case_study is None:
        raise Http404("No such case study.")
    referral, access = referral_get_for_user(
        user=user, referral_id=case_study.referral_id, write=write
    )
    if access.value != "casework":
        raise Http404("No such case study.")
    case_study.referral = referral
    return case_study
