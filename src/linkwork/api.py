"""The JSON API at /api/v1/: mounts each app's router and maps domain errors to problem details.

An app takes part with an `api.py` that defines `router` and `API_PREFIX`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import ValidationError

from linkwork.accounts.api_auth import verified_session_auth
from linkwork.core.discovery import linkwork_app_modules
from linkwork.core.errors import DomainError, NotFoundError

api = NinjaAPI(
    title="linkwork API",
    version="1",
    urls_namespace="api",
    auth=verified_session_auth,
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


for _module in linkwork_app_modules("api"):
    api.add_router(_module.API_PREFIX, _module.router)

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
