"""Managers export their scheme's audit trail."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.audit.selectors import audit_for_schemes
from linkwork.audit.services import audit_record
from linkwork.core.csv_safety import safe_writer


def _bound(raw: str | None, *, end: bool) -> datetime | None:
    if not raw:
        return None
    day = parse_date(raw)
    if day is None:
        raise PermissionDenied(f"{raw!r} is not a date (use YYYY-MM-DD).")
    moment = datetime.combine(day, time.max if end else time.min)
    return timezone.make_aware(moment)


@require_GET
@login_required
def audit_export(request: AppRequest) -> HttpResponse:
    schemes = scope_for(request.user).managed_schemes
    if not schemes:
        raise PermissionDenied("Only scheme managers can export the audit trail.")
    start = _bound(request.GET.get("from"), end=False)
    end = _bound(request.GET.get("to"), end=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="linkwork-audit.csv"'
    writer = safe_writer(response)
    writer.writerow(
        [
            "at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "person_id",
            "scheme_id",
            "detail",
            "people_shown",
        ]
    )
    events = audit_for_schemes(scheme_ids=schemes, start=start, end=end)
    for event in events.iterator(chunk_size=2000):
        writer.writerow(
            [
                event.at.isoformat(),
                event.actor.username if event.actor else "",
                event.action,
                event.object_type,
                event.object_id,
                event.person_id or "",
                event.scheme_id or "",
                event.detail,
                " ".join(str(s.person_id) for s in getattr(event, "scheme_subjects", ())),
            ]
        )
    audit_record(
        actor=request.user,
        action="export",
        object_type="audit_trail",
        detail={"from": request.GET.get("from", ""), "to": request.GET.get("to", "")},
    )
    return response
