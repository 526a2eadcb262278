"""A page for an address that only a form's button may use, opened some other way (a link
copied from the address bar, a bookmark, the browser's history): Django answers such a request
with an empty 405, which a browser shows as its own "This page isn't working". The page says
what happened and where to go instead; the status and the Allow header stay as they were.
Responses with a body of their own (the JSON API's, FHIR's) are left as they are."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template import loader


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or request.method not in ("GET", "HEAD")
            or not isinstance(response, HttpResponse)
            or response.content
        ):
            return response
        response.content = loader.render_to_string("405.html", request=request).encode()
        response["Content-Type"] = "text/html; charset=utf-8"
        return response
