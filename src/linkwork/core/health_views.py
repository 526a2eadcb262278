"""`/healthz`: 200 when every check is ok, 503 otherwise, for load balancers and monitors.
Public and uncached; it names the parts that failed and nothing about the data."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from linkwork.core import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.report()
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )
