"""The full, paginated lists behind the caseload queues that the home page previews."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.http import AppRequest
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.pagination import page_of
from linkwork.episodes.selectors.caseload import (
    caseload_queues_for_lists,
    with_contacts,
    with_days_waiting,
)


@dataclass(frozen=True)
class Queue:
    title: str
    attribute: str  # of CaseloadQueues
    template: str
    empty: str


QUEUES = {
    "triage": Queue(
        "Referrals to triage", "triage", "episodes/_queue_triage.html", "No referrals waiting."
    ),
    "waiting": Queue("Waiting list", "waiting", "episodes/_queue_waiting.html", "Nobody waiting."),
    "active": Queue("Active caseload", "active", "episodes/_queue_active.html", "No active cases."),
    "safety": Queue(
        "Safety information to act on",
        "safety",
        "episodes/_queue_safety.html",
        "No safety information waiting for action.",
    ),
    "follow-up": Queue(
        "Connections to follow up",
        "follow_up",
        "episodes/_queue_follow_up.html",
        "No connections to follow up.",
    ),
}


@require_GET
@login_required
def caseload_queue(request: AppRequest, queue: str) -> HttpResponse:
    spec = QUEUES.get(queue)
    if spec is None:
        raise Http404("No such list.")
    today = clock.today()
    queues = caseload_queues_for_lists(user=request.user, today=today)
    page = page_of(request, getattr(queues, spec.attribute))
    if queue == "waiting":
        rows = with_days_waiting(page.object_list, today)
    elif queue == "active":
        rows = with_contacts(page.object_list, today)
    else:
        rows = list(page)
    audit_record_list(
        actor=request.user,
        object_type=f"caseload_{spec.attribute}",
        rows=[(row.person_id, row.scheme_id) for row in rows],
        detail={"page": page.number},
    )
    return render(
        request,
        "episodes/referral_list.html",
        {
            "title": spec.title,
            "table": spec.template,
            "empty": spec.empty,
            "page": page,
            "rows": rows,
        },
    )
