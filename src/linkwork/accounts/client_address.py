"""The address a request came from, for counting failed sign-ins per address.

X-Forwarded-For is written by whoever sent the request, so it is believed only as far as our
own proxies vouch for it: each trusted proxy appends the address it received the request from,
so with N of them the client is the N-th entry from the right. Entries further left were sent
by the client and may be invented.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped one of them; take the furthest we have.
    return forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
