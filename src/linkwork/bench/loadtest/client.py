"""One browser's worth of HTTP: a kept-alive connection, its cookies, and each request timed.
Redirects are not followed, so every figure is one request's. Standard library only."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

LOCKED = "database is locked"


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    location: str
    seconds: float


def error_of(response: Response, *, expect_json: bool = False) -> str | None:
    """Why a response counts as an error, or None: a 4xx or 5xx, the database refusing a write,
    a signed-in page sending the user back to sign in, or an API answering in something other
    than JSON."""
    if response.status >= 400:
        return f"HTTP {response.status}"
    if LOCKED in response.body:
        return LOCKED
    if response.status in {301, 302, 303} and "/accounts/login/" in response.location:
        return "signed out"
    if expect_json and response.status == 200 and not response.body.lstrip().startswith(("{", "[")):
        return "not JSON"
    return None


class Browser:
    def __init__(self, base_url: str, *, timeout: float = 120.0) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def copy(self) -> Browser:
        """Another tab of the same browser: the same cookies (so the same signed-in session),
        its own connection."""
        other = Browser(f"http://{self.host}:{self.port}", timeout=self.timeout)
        other.cookies = dict(self.cookies)
        return other

    def get(self, path: str, *, headers: dict[str, str] | None = None) -> Response:
        return self._request("GET", path, None, headers or {})

    def post(self, path: str, fields: dict[str, str], *, referer: str | None = None) -> Response:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            # Django's CSRF check wants the page the form came from on a secure site; the
            # Origin header is what browsers send.
            "Origin": f"http://{self.host}:{self.port}",
            "Referer": f"http://{self.host}:{self.port}{referer or path}",
        }
        return self._request("POST", path, urlencode(fields).encode(), headers)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        for attempt in (1, 2):
            connection = self._connection or http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
            self._connection = connection
            try:
                connection.request(method, path, body=body, headers=headers)
                raw = connection.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a kept-alive connection between requests: open another.
                self.close()
                if attempt == 2:
                    raise
                start = time.perf_counter()
        seconds = time.perf_counter() - start
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(
            status=raw.status,
            body=data.decode("utf-8", "replace"),
            location=raw.getheader("Location", ""),
            seconds=seconds,
        )
