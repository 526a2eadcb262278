"""The JSON API at /api/v1/: mounts each app's router and maps domain errors to problem details.

An app takes part with an `api.py` that defines `router` and `API_PREFIX`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from linkwork.core.discovery import linkwork_app_modules
from linkwork.core.errors import DomainError, NotFoundError

api = NinjaAPI(
    title="linkwork API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
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


for _module in linkwork_app_modules("api"):
    api.add_router(_module.API_PREFIX, _module.router)
