"""Typed request classes for views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from linkwork.accounts.models import User


class AppRequest(HttpRequest):
    """A request that has passed `login_required`."""

    user: User
    htmx: HtmxDetails
