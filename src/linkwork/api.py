"""The JSON API at /api/v1/: mounts each app's router and maps domain errors to problem details."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from linkwork.core.errors import DomainError, NotFoundError
from linkwork.organisations.api import router as registry_router

api = NinjaAPI(
    title="linkwork API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 404 if isinstance(exc, NotFoundError) else 400
    return api.create_response(
        request,
        {
            "type": f"https://linkwork.invalid/problems/{exc.code}",
            "title": "Not found" if status == 404 else "Request refused",
            "detail": exc.message,
            "code": exc.code,
            "errors": exc.field_errors,
        },
        status=status,
    )


api.add_router("/registry", registry_router)
