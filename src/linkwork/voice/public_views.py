"""The person's feedback page: no sign-in, one answer per personal link.

CSRF protection comes from Django's middleware (a cookie and a form token work without a
session). The page names nobody and shows no results, and refuses unknown, used and expired
links with one identical, friendly page, so it says nothing about whether a link exists.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from linkwork.core.errors import DomainError, NotFoundError
from linkwork.core.views import add_errors
from linkwork.voice.feedback_services import feedback_submit, usable_request
from linkwork.voice.forms import FeedbackForm


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the address: keep it out of caches (never_cache), search engines and
    # Referer headers to other sites ("same-origin": with no referrer at all, browsers send
    # `Origin: null` and the CSRF check refuses the form).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _unusable(request: HttpRequest, exc: NotFoundError) -> HttpResponse:
    page = render(request, "voice/feedback_unusable.html", {"message": exc.message}, status=404)
    return _private(page)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def feedback_answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        feedback = usable_request(token)
    except NotFoundError as exc:
        return _unusable(request, exc)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(
                token=token, answers=form.answers(), comment=form.cleaned_data["comment"]
            )
        except NotFoundError as exc:
            return _unusable(request, exc)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            return _private(render(request, "voice/feedback_thanks.html"))
    page = render(
        request,
        "voice/feedback_answer.html",
        {"form": form, "scheme": feedback.scheme.name, "expires_on": feedback.expires_on},
        status=400 if form.errors else 200,
    )
    return _private(page)
