"""The full, paginated lists behind the referrals that referrers' and practice managers' home
pages preview."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.http import AppRequest
from linkwork.audit.services import audit_record_list
from linkwork.core.pagination import page_of
from linkwork.episodes.models import Referral
from linkwork.episodes.selectors.referrals import referrals_for_practices, referrals_made_by


@dataclass(frozen=True)
class ReferralList:
    select: Callable[..., QuerySet[Referral]]  # called with user=
    object_type: str  # of the audit event
    title: str
    table: str
    empty: str


LISTS = {
    "mine": ReferralList(
        referrals_made_by,
        "my_referrals",
        "Your referrals",
        "episodes/_my_referrals_table.html",
        "You have not made any referrals yet.",
    ),
    "practice": ReferralList(
        referrals_for_practices,
        "practice_referrals",
        "Your practice's referrals",
        "episodes/_practice_referrals_table.html",
        "No referrals from your practice yet.",
    ),
}


@require_GET
@login_required
def referral_list(request: AppRequest, which: str) -> HttpResponse:
    spec = LISTS[which]
    page = page_of(request, spec.select(user=request.user))
    rows = list(page)
    audit_record_list(
        actor=request.user,
        object_type=spec.object_type,
        rows=[(r.person_id, r.scheme_id) for r in rows],
        detail={"page": page.number},
    )
    context = {
        "title": spec.title,
        "table": spec.table,
        "empty": spec.empty,
        "page": page,
        "rows": rows,
    }
    return render(request, "episodes/referral_list.html", context)
