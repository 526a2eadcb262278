"""Who is acting, for audit rows written where no caller can pass the user (model signals).

The middleware sets it for each request; services set it around their own writes. Outside
both (a shell, a management command) it is None and the audit row says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from linkwork.accounts.models import User

_acting: ContextVar[Callable[[], User | None] | None] = ContextVar("linkwork_acting", default=None)


def acting_user() -> User | None:
    getter = _acting.get()
    user = getter() if getter is not None else None
    return user if user is not None and user.is_authenticated else None


@contextmanager
def acting_as(user: User | None) -> Iterator[None]:
    token = _acting.set(lambda: user)
    try:
        yield
    finally:
        _acting.reset(token)


class ActingUserMiddleware:
    """Makes the signed-in user the actor of any role change made while serving the request
    (the Django admin included). The user is read only if a role actually changes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _acting.set(lambda: getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _acting.reset(token)
