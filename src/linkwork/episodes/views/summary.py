"""The end-of-episode summary: the written document (latest version, or an earlier one), its
PDF, an amendment as a new version, and the record that it went to the practice."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core.errors import DomainError
from linkwork.core.pdf import html_to_pdf
from linkwork.core.views import add_errors
from linkwork.episodes.forms import SummaryAmendForm
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.episodes.models import EpisodeSummary, Referral
from linkwork.episodes.permissions import Access, referral_get_for_user
from linkwork.episodes.selectors.episode import episode_summary
from linkwork.episodes.selectors.summaries import summary_version_read, summary_versions
from linkwork.episodes.services.summaries import (
    episode_summary_amend,
    episode_summary_mark_sent,
)

_OPEN = {s.value for s in OPEN_STATUSES}


def _readable(request: AppRequest, referral_id: uuid.UUID) -> tuple[Referral, Access]:
    referral, access = referral_get_for_user(user=request.user, referral_id=referral_id)
    if access is Access.REFERRER and referral.status in _OPEN:
        raise Http404("The summary is available when the episode ends.")
    return referral, access


@login_required
def summary(
    request: AppRequest, referral_id: uuid.UUID, version: int | None = None
) -> HttpResponse:
    referral, access = _readable(request, referral_id)
    document = summary_version_read(referral=referral, user=request.user, version=version)
    # Before discharge (or for an episode closed before summaries were kept) there is no
    # written version: show the record as it stands, marked as a draft.
    content = document.content if document else episode_summary(referral=referral).as_content()
    casework = access is Access.CASEWORK
    return render(
        request,
        "episodes/summary.html",
        {
            "referral": referral,
            "document": document,
            "content": content,
            "versions": summary_versions(referral=referral),
            "access": access.value,
            "closed": referral.status not in _OPEN,
            "can_amend": casework and referral.status not in _OPEN,
            "can_mark_sent": casework,
        },
    )


@login_required
def summary_pdf(
    request: AppRequest, referral_id: uuid.UUID, version: int | None = None
) -> HttpResponse:
    referral, _ = _readable(request, referral_id)
    document = summary_version_read(
        referral=referral, user=request.user, version=version, form="pdf"
    )
    if document is None:
        raise Http404("The summary is written when the episode ends.")
    html = render_to_string(
        "episodes/summary_print.html", {"document": document, "content": document.content}
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = f"end-of-episode-summary-version-{document.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def summary_amend(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    form = SummaryAmendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            written = episode_summary_amend(
                referral=referral, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Version {written.version} of the summary is written.")
            return redirect("episodes:episode_summary", referral_id=referral.pk)
    return render(
        request,
        "episodes/summary_amend.html",
        {"referral": referral, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def summary_mark_sent(request: AppRequest, referral_id: uuid.UUID, version: int) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    document = EpisodeSummary.objects.filter(referral=referral, version=version).first()
    if document is None:
        raise Http404("No such version of the summary.")
    episode_summary_mark_sent(summary=document, actor=request.user)
    messages.success(request, f"Version {version} is marked as sent to the practice.")
    return redirect(reverse("episodes:episode_summary_version", args=[referral.pk, version]))
