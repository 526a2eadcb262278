"""The public NoMAD answer page: no login, one response per personal link.

CSRF protection comes from Django's middleware (a cookie and a form token work without a
session). The page names no colleague, shows no results and no counts, and refuses unknown,
used and expired links with one identical message.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from linkwork.core.errors import DomainError, NotFoundError
from linkwork.implementation.nomad import AGREE_LABELS, NotRelevant
from linkwork.implementation.nomad_forms import NomadAnswerForm
from linkwork.implementation.nomad_services import nomad_response_submit, usable_link
from linkwork.implementation.views.common import add_domain_error


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: keep it out of caches (never_cache) and search engines, and
    # out of Referer headers to other sites. "same-origin" rather than "no-referrer": with
    # no referrer at all, browsers send `Origin: null` and Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def answer_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = usable_link(token)
    except NotFoundError as exc:
        page = render(request, "implementation/nomad_unusable.html", {"message": exc.message})
        page.status_code = 404
        return _private(page)
    form = NomadAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nomad_response_submit(
                token=token, staff_group=form.cleaned_data["staff_group"], answers=form.answers()
            )
        except NotFoundError as exc:
            page = render(request, "implementation/nomad_unusable.html", {"message": exc.message})
            page.status_code = 404
            return _private(page)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _private(render(request, "implementation/nomad_thanks.html"))
    page = render(
        request,
        "implementation/nomad_answer.html",
        {
            "form": form,
            "programme": link.round.programme_name,
            "closes_on": link.round.closes_on,
            "agree_labels": AGREE_LABELS,
            "not_relevant_labels": dict(NotRelevant.choices),
        },
        status=400 if form.errors else 200,
    )
    return _private(page)
