"""The JSON API at /api/v1/: mounts each app's router and maps domain errors to problem details.

An app takes part with an `api.py` that defines `router` and `API_PREFIX`.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from linkwork.accounts.api_auth import api_client_auth, verified_session_auth
from linkwork.core.api_problems import (
    NullCharacterError,
    Problem,
    UnsupportedMediaTypeError,
    document_problems,
    is_json,
    null_character_fields,
)
from linkwork.core.discovery import linkwork_app_modules
from linkwork.core.errors import DomainError, NotFoundError

logger = logging.getLogger(__name__)


class JsonOnlyParser(Parser):
    """Request bodies are JSON, said so by their Content-Type; anything else is a 415. Text
    with a null character is refused here, naming its field: PostgreSQL cannot store one."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if not is_json(request.content_type or ""):
            raise UnsupportedMediaTypeError(request.content_type or "")
        data = super().parse_body(request)
        fields = null_character_fields(data)
        if fields:
            raise NullCharacterError(fields)
        return data


api = NinjaAPI(
    title="linkwork API",
    version="1",
    urls_namespace="api",
    auth=[verified_session_auth, api_client_auth],
    parser=JsonOnlyParser(),
)


def problem(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    """One JSON error shape for every failure (RFC 9457 problem details)."""
    return api.create_response(
        request,
        {
            "type": f"https://linkwork.invalid/problems/{code}",
            "title": title,
            "status": status,
            "detail": detail,
            "code": code,
            "errors": errors or {},
        },
        status=status,
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if isinstance(exc, NotFoundError):
        return problem(request, status=404, code=exc.code, title="Not found", detail=exc.message)
    return problem(
        request,
        status=400,
        code=exc.code,
        title="Request refused",
        detail=exc.message,
        errors=exc.field_errors,
    )


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Missing or malformed fields, named by their path in the request (e.g. person.given_name)."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        path = [
            str(p) for p in error.get("loc", ()) if p not in {"body", "payload", "query", "path"}
        ]
        errors.setdefault(".".join(path) or "request", []).append(str(error.get("msg", "")))
    return problem(
        request,
        status=422,
        code="invalid_request",
        title="Check the request",
        detail="Some fields are missing or not valid: " + ", ".join(sorted(errors)) + ".",
        errors=errors,
    )


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(
        request,
        status=403,
        code="forbidden",
        title="Not allowed",
        detail=str(exc) or "You may not do this.",
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(
        request, status=404, code="not_found", title="Not found", detail="No such record."
    )


_HTTP_CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals: sign-in, CSRF, unreadable bodies. A body ninja could not read
    says why in its cause (see JsonOnlyParser)."""
    cause = exc.__cause__
    if isinstance(cause, UnsupportedMediaTypeError):
        return unsupported_media_type(request, cause)
    if isinstance(cause, NullCharacterError):
        return null_characters(request, cause)
    if isinstance(cause, SuspiciousOperation | MultiPartParserError):
        return unreadable_body(request, cause)
    status = exc.status_code
    detail = "The request body is not valid JSON." if cause is not None else str(exc)
    code = _HTTP_CODES.get(status, "http_error")
    if isinstance(exc, AuthenticationError):
        detail = "Sign in to use the API."
    elif status == 403 and "CSRF" in detail:
        code = "csrf_failed"
        detail = (
            "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."
        )
    response = problem(
        request, status=status, code=code, title=HTTPStatus(status).phrase, detail=detail
    )
    if status == 429:
        # Calls are counted per clock minute: the next one opens at most a minute from now.
        response["Retry-After"] = str(60 - timezone.now().second)
    return response


@api.exception_handler(UnsupportedMediaTypeError)
def unsupported_media_type(request: HttpRequest, exc: UnsupportedMediaTypeError) -> HttpResponse:
    return problem(
        request,
        status=415,
        code="unsupported_media_type",
        title="Unsupported media type",
        detail=f"Send the body as application/json, not {exc.content_type or 'untyped data'}.",
    )


def null_characters(request: HttpRequest, exc: NullCharacterError) -> HttpResponse:
    message = "Remove the null character (U+0000): text cannot hold one."
    return problem(
        request,
        status=422,
        code="invalid_request",
        title="Check the request",
        detail="Some fields are missing or not valid: " + ", ".join(sorted(exc.fields)) + ".",
        errors={field: [message] for field in exc.fields},
    )


@api.exception_handler(SuspiciousOperation)
def unreadable_body(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Bodies Django will not read: too large, too many fields, broken multipart."""
    if isinstance(exc, RequestDataTooBig):
        return problem(
            request,
            status=413,
            code="too_large",
            title="Request too large",
            detail="The request body is larger than the API accepts.",
        )
    return problem(
        request,
        status=400,
        code="bad_request",
        title="Bad request",
        detail="The request body cannot be read.",
    )


@api.exception_handler(MultiPartParserError)
def broken_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return unreadable_body(request, exc)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unforeseen: logged in full, answered without internals."""
    logger.exception("API request failed: %s %s", request.method, request.path)
    return problem(
        request,
        status=500,
        code="server_error",
        title="Server error",
        detail="Something went wrong on our side; the request was not completed.",
    )


for _module in linkwork_app_modules("api"):
    api.add_router(_module.API_PREFIX, _module.router)
document_problems(api, Problem)

FALLBACK_URL_NAME = "api-fallback"


@csrf_exempt  # the endpoint it hands over to checks CSRF itself, as every API view does
def path_fallback(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Every /api/v1/ path no endpoint matched. The API's own paths differ on the trailing
    slash (/referrals/ but /registry/summary), so the same path written the other way is
    served by its endpoint: redirecting instead would lose a POST's body. Anything else is a
    problem-details 404, not the HTML page."""
    path = request.path_info
    other_way = path[:-1] if path.endswith("/") else f"{path}/"
    try:
        match = resolve(other_way)
    except Resolver404:
        match = None
    if match is not None and match.url_name != FALLBACK_URL_NAME:
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        return response
    return problem(
        request,
        status=404,
        code="no_such_path",
        title="Not found",
        detail=(
            f"The API has no path {request.path}. "
            f"Its paths are listed at {reverse('api:openapi-view')}."
        ),
    )
