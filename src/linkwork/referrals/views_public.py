"""The public self-referral form, for schemes that accept self-referrals. No login."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from linkwork.core.errors import DomainError
from linkwork.organisations.models import Scheme
from linkwork.organisations.selectors import scheme_policy_or_none
from linkwork.people.forms import PersonForm
from linkwork.people.models import Consent
from linkwork.people.services import consent_record, person_create
from linkwork.referrals.forms import SelfReferralForm
from linkwork.referrals.services import ReferralDetails, referral_create
from linkwork.referrals.views import add_errors


def _scheme_accepting_self(slug: str) -> Scheme:
    scheme = Scheme.objects.select_related("region").filter(slug=slug).first()
    policy = scheme_policy_or_none(scheme) if scheme else None
    if scheme is None or policy is None or "self" not in policy.accepted_sources:
        raise Http404("This scheme does not accept self-referrals.")
    return scheme


@require_http_methods(["GET", "POST"])
def self_referral(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = _scheme_accepting_self(slug)
    data = request.POST if request.method == "POST" else None
    person_form = PersonForm(data, country=scheme.region.country, prefix="person")
    referral_form = SelfReferralForm(data, practices=scheme.practices.order_by("name"))
    if data is not None and person_form.is_valid() and referral_form.is_valid():
        cleaned = referral_form.cleaned_data
        try:
            with transaction.atomic():
                person = person_create(
                    scheme=scheme,
                    details=person_form.details(practice=cleaned["practice"]),
                    actor=None,
                )
                # The person consents themself; no staff member records it.
                consent_record(
                    person=person,
                    actor=None,
                    kind=Consent.Kind.SERVICE,
                    given=True,
                    recorded_on=timezone.localdate(),
                )
                referral_create(
                    person=person,
                    details=ReferralDetails(
                        source="self",
                        received_on=timezone.localdate(),
                        reasons=tuple(cleaned["reasons"]),
                        reason_text=cleaned["reason_text"],
                        practice=cleaned["practice"],
                        referrer_name="Self-referral",
                    ),
                    actor=None,
                )
        except DomainError as exc:
            add_errors(person_form, exc)
            add_errors(referral_form, exc)
        else:
            return redirect("referrals:self_referral_done", slug=scheme.slug)
    return render(
        request,
        "referrals/self_referral.html",
        {"scheme": scheme, "person_form": person_form, "referral_form": referral_form},
        status=400 if data is not None else 200,
    )


def self_referral_done(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = _scheme_accepting_self(slug)
    return render(request, "referrals/self_referral_done.html", {"scheme": scheme})
