"""The second step of signing in: a code from an authenticator app or a recovery code, setting
up the app at first sign-in, new recovery codes, and the page shown when sign-in is locked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from linkwork.accounts import second_factor as sf
from linkwork.accounts.forms import SecondFactorCodeForm, SetUpCodeForm
from linkwork.accounts.http import AppRequest
from linkwork.accounts.signals import (
    second_factor_enrolled,
    second_factor_reset,
    second_factor_verified,
)

WRONG_CODE = "The code is not right. Enter the code your app shows now, or a recovery code."
WRONG_SET_UP_CODE = "The code is not right. Enter the 6-digit code your app shows now."


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


def _done(request: AppRequest) -> bool:
    return request.user.is_verified() or not sf.second_factor_required_for(  # type: ignore[attr-defined]
        user=request.user
    )


def _credentials(request: AppRequest) -> dict[str, str]:
    return {"username": request.user.get_username(), "step": "second_factor"}


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: AppRequest) -> HttpResponseBase:
    if _done(request):
        return redirect(_next_url(request))
    if sf.authenticator_confirmed(user=request.user) is None:
        return redirect(f"{reverse('accounts:second_factor_setup')}?{request.GET.urlencode()}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST":
        # Wrong codes count towards the same lockout as wrong passwords.
        if AxesProxyHandler.is_locked(request, _credentials(request)):
            return locked_out(request)
        if form.is_valid():
            found = sf.second_factor_check(user=request.user, code=form.cleaned_data["code"])
            if found is not None:
                device, method = found
                otp_login(request, device)
                second_factor_verified.send(
                    sender=sf.Device,
                    user=request.user,
                    request=request,
                    method=method,
                    recovery_codes_left=sf.recovery_codes_left(user=request.user),
                )
                return redirect(_next_url(request))
            form.add_error("code", WRONG_CODE)
            user_login_failed.send(
                sender=__name__, credentials=_credentials(request), request=request
            )
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: AppRequest) -> HttpResponseBase:
    """First sign-in: scan the QR code (or type the key), confirm with a code, then see the
    recovery codes once. Someone who already has an app is sent to the code page instead:
    a password alone must never be enough to add a new device."""
    if _done(request) or sf.authenticator_confirmed(user=request.user) is not None:
        return redirect(f"{reverse('accounts:second_factor')}?{request.GET.urlencode()}")
    device = sf.authenticator_pending(user=request.user)
    form = SetUpCodeForm(request.POST or None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, _credentials(request)):
            return locked_out(request)
        if form.is_valid():
            codes = sf.authenticator_confirm(
                user=request.user, device=device, code=form.cleaned_data["code"]
            )
            if codes is not None:
                otp_login(request, device)
                second_factor_enrolled.send(sender=sf.Device, user=request.user, request=request)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": _next_url(request), "first_time": True},
                )
            form.add_error("code", WRONG_SET_UP_CODE)
            user_login_failed.send(
                sender=__name__, credentials=_credentials(request), request=request
            )
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": sf.authenticator_qr_svg(device),
            "secret": sf.authenticator_secret(device),
            "next": _next_url(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: AppRequest) -> HttpResponseBase:
    """New recovery codes (the old ones stop working), for someone already fully signed in."""
    if not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect(f"{reverse('accounts:second_factor')}?next={request.path}")
    if request.method == "POST":
        codes = sf.recovery_codes_issue(user=request.user)
        second_factor_reset.send(
            sender=sf.Device, user=request.user, request=request, reason="new_recovery_codes"
        )
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": str(settings.LOGIN_REDIRECT_URL), "first_time": False},
        )
    return render(
        request,
        "accounts/recovery_codes_new.html",
        {"left": sf.recovery_codes_left(user=request.user)},
    )


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Too many failed sign-ins for this account or from this address (django-axes calls this
    for passwords, on our pages and the admin's; the code pages call it directly)."""
    minutes = int(timedelta(minutes=settings.SIGN_IN_COOL_OFF_MINUTES).total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
