from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest


def _start_session_clock(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        from linkwork.accounts.middleware import stamp_signed_in_at

        stamp_signed_in_at(request)


class AccountsConfig(AppConfig):
    name = "linkwork.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        user_logged_in.connect(_start_session_clock, dispatch_uid="linkwork-session-clock")
