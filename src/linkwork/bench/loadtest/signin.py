"""Signing in as a person would: the sign-in form, then the authenticator code when the role
needs one. Pure Python over `Browser`."""

from __future__ import annotations

import time
from collections.abc import Callable

from linkwork.bench.loadtest.client import Browser, Response
from linkwork.bench.loadtest.html import csrf_token, forms
from linkwork.bench.loadtest.totp import TotpKey

LOGIN_PATH = "/accounts/login/"


class SignInError(Exception):
    pass


def sign_in(
    browser: Browser,
    *,
    username: str,
    password: str,
    key: TotpKey | None,
    clock: Callable[[], float] = time.time,
) -> Response:
    """Sign in and return the home page. Raises SignInError saying which step failed."""
    page = browser.get(LOGIN_PATH)
    token = csrf_token(page.body)
    if page.status != 200 or token is None:
        raise SignInError(f"{username}: the sign-in page answered {page.status} with no form")
    answer = browser.post(
        LOGIN_PATH,
        {"csrfmiddlewaretoken": token, "username": username, "password": password},
    )
    if answer.status != 302:
        raise SignInError(f"{username}: the password was refused ({answer.status})")
    path, page = _follow(browser, answer, LOGIN_PATH)
    # The second step's form posts back to its own address and asks for a "code".
    code_form = next((f for f in forms(page.body) if "code" in f.values), None)
    if code_form is not None:
        if key is None:
            raise SignInError(f"{username}: asked for a code, but has no authenticator")
        fields = {**code_form.values, "code": key.code(key.counter(clock()))}
        answer = browser.post(code_form.action or path, fields, referer=path)
        if answer.status != 302:
            raise SignInError(f"{username}: the authenticator code was refused ({answer.status})")
        path, page = _follow(browser, answer, path)
    if page.status != 200 or LOGIN_PATH in page.location:
        raise SignInError(f"{username}: not signed in (home page answered {page.status})")
    return page


def _follow(browser: Browser, answer: Response, path: str, limit: int = 5) -> tuple[str, Response]:
    """Follow redirects; the page reached and its path."""
    for _ in range(limit):
        if answer.status not in {301, 302, 303} or not answer.location:
            break
        path = _path(answer.location)
        answer = browser.get(path)
    return path, answer


def _path(location: str) -> str:
    if location.startswith("http"):
        _, _, rest = location.partition("//")
        return "/" + rest.partition("/")[2]
    return location
