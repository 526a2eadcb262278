"""The public self-referral form, for schemes that accept self-referrals. No login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.submissions import AlreadySubmittedError, run_once
from linkwork.core.views import add_errors, submission_key, submission_scope
from linkwork.episodes.forms import SelfReferralForm
from linkwork.episodes.selectors.referrals import (
    scheme_for_self_referral,
    schemes_taking_self_referrals,
)
from linkwork.episodes.services.intake import ReferralDetails, referral_intake
from linkwork.people.forms import PersonForm


@require_GET
def self_referral_index(request: HttpRequest) -> HttpResponse:
    """The public way in: every scheme whose self-referral form is open. Names no one."""
    schemes = schemes_taking_self_referrals()
    return render(request, "episodes/self_referral_index.html", {"schemes": schemes})


@require_http_methods(["GET", "POST"])
def self_referral(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = scheme_for_self_referral(slug=slug)
    data = request.POST if request.method == "POST" else None
    person_form = PersonForm(data, country=scheme.region.country, public=True, prefix="person")
    referral_form = SelfReferralForm(data, practices=scheme.practices.order_by("name"))
    if data is not None and person_form.is_valid() and referral_form.is_valid():
        cleaned = referral_form.cleaned_data
        try:
            run_once(
                key=submission_key(request),
                scope=submission_scope(request),
                action=lambda: referral_intake(
                    scheme=scheme,
                    person=person_form.details(practice=cleaned["practice"]),
                    details=ReferralDetails(
                        source="self",
                        received_on=clock.today(),
                        reasons=tuple(cleaned["reasons"]),
                        reason_text=cleaned["reason_text"],
                        practice=cleaned["practice"],
                        referrer_name="Self-referral",
                    ),
                    actor=None,
                ),
            )
        except AlreadySubmittedError:
            # The same answer as the first time: nothing about the request is revealed.
            return redirect("episodes:self_referral_done", slug=scheme.slug)
        except DomainError as exc:
            add_errors((person_form, referral_form), exc)
        else:
            return redirect("episodes:self_referral_done", slug=scheme.slug)
    return render(
        request,
        "episodes/self_referral.html",
        {"scheme": scheme, "person_form": person_form, "referral_form": referral_form},
        status=400 if data is not None else 200,
    )


def self_referral_done(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = scheme_for_self_referral(slug=slug)
    return render(request, "episodes/self_referral_done.html", {"scheme": scheme})
