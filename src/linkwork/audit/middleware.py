"""Writes the reads a request made in one batch once its response is ready."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from linkwork.audit.buffer import reads_buffered
from linkwork.audit.services import audit_write


class AuditBufferMiddleware:
    """A failure to write the batch fails the request, so nothing is shown unaudited. Content
    streamed after this point (large exports) is audited as it is read, outside the buffer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with reads_buffered() as pending:
            response = self.get_response(request)
        audit_write(events=pending)
        return response
