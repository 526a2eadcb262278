"""Session rules applied to every request of a signed-in person.

- A session lasts at most SESSION_MAX_HOURS from signing in, however active it is (the idle
  timeout is the session cookie's age).
- Someone who needs a second factor and has given only a password reaches nothing but the
  code and set-up pages, signing out, static files and the public pages.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.second_factor import authenticator_confirmed, second_factor_required_for

SIGNED_IN_AT = "linkwork_signed_in_at"

Handler = Callable[[HttpRequest], HttpResponse]


def stamp_signed_in_at(request: HttpRequest) -> None:
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if not isinstance(started, (int, float)):
                # A session from before the limit existed: its clock starts now.
                stamp_signed_in_at(request)
            elif timezone.now().timestamp() - started > settings.SESSION_MAX_HOURS * 3600:
                # Signed out here; the page asked for then sends them to sign in again.
                logout(request)
        return self.get_response(request)


def _open_prefixes() -> tuple[str, ...]:
    return (
        reverse("accounts:second_factor"),
        reverse("accounts:logout"),
        reverse("accounts:login"),
        settings.STATIC_URL,
        "/openreferral",
        "/favicon.ico",
    )


class SecondFactorMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path_info.startswith(_open_prefixes())
            and second_factor_required_for(user=user)
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "type": "https://linkwork.invalid/problems/second_factor_required",
                    "title": "Two-factor sign-in needed",
                    "detail": "Enter the code from your authenticator app before using the API.",
                    "code": "second_factor_required",
                    "errors": {},
                },
                status=403,
            )
        has_app = authenticator_confirmed(user=request.user) is not None  # type: ignore[arg-type]
        target = reverse("accounts:second_factor" if has_app else "accounts:second_factor_setup")
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{target}?{query}")
