"""GP appointments before and after referral: one episode's counts from its page (the staff
who work on the episode), a scheme's from CSV (its managers)."""

from __future__ import annotations

import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core.errors import DomainError
from linkwork.core.views import submit_once
from linkwork.episodes.views.episode_page import act
from linkwork.workforce.forms import GpAppointmentsForm, GpImportForm
from linkwork.workforce.gp_selectors import scheme_gp_summary
from linkwork.workforce.gp_services import GpCounts, gp_appointments_import, gp_appointments_record
from linkwork.workforce.permissions import scheme_get_for_manager

# An import file larger than this is refused before it is read (some 100,000 rows).
MAX_IMPORT_BYTES = 5_000_000


@require_POST
@login_required
def gp_record_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "gp_form",
        lambda r: GpAppointmentsForm(request.POST),
        lambda r, d: gp_appointments_record(actor=request.user, referral=r, counts=GpCounts(**d)),
        "The GP appointments were recorded.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def gp_import_view(request: AppRequest, slug: str) -> HttpResponse:
    scheme = scheme_get_for_manager(user=request.user, slug=slug)
    form = GpImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise DomainError(
                    "The file is larger than 5 MB: split it and import each part.",
                    code="gp_too_large",
                )
            if not upload.name.lower().endswith((".csv", ".txt")):
                raise DomainError(
                    f"The file {upload.name} is not a CSV file: save the spreadsheet as CSV "
                    "(a file whose name ends in .csv) and import that.",
                    code="gp_not_csv",
                )
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise DomainError(
                    f"The file {upload.name} is not text: save it from the spreadsheet as "
                    "CSV UTF-8.",
                    code="gp_encoding",
                ) from exc
            if "\x00" in text:
                raise DomainError(
                    f"The file {upload.name} is not text: save it from the spreadsheet as "
                    "CSV UTF-8.",
                    code="gp_encoding",
                )
            counted: list[int] = []
            first = submit_once(
                request,
                lambda: counted.append(
                    gp_appointments_import(
                        actor=request.user, scheme=scheme, source=io.StringIO(text)
                    )
                ),
            )
        except DomainError as exc:
            # Faulty rows are listed one to a line, beside the file and in the summary.
            for line in exc.message.splitlines():
                form.add_error("file", line)
        else:
            if first:
                messages.success(request, f"{counted[0]} episodes' GP appointments imported.")
            else:
                messages.info(request, "This file was already imported; it was not imported twice.")
            return redirect("workforce:gp_import", slug=scheme.slug)
    return render(
        request,
        "workforce/gp_import.html",
        {"scheme": scheme, "form": form, "summary": scheme_gp_summary(scheme=scheme)},
        status=400 if form.errors else 200,
    )
