"""JSON API for the registry: read-only, for signed-in staff."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from linkwork.core.api_links import next_page_link
from linkwork.core.cursors import page_after
from linkwork.organisations.models import Scheme
from linkwork.organisations.selectors import (
    registry_summary,
    scheme_delivery_model,
    scheme_get,
    scheme_list,
    scheme_tidier,
)

API_PREFIX = "/registry"
router = Router(tags=["registry"])


class RegionSummaryOut(Schema):
    region: str
    country: str
    unit: str
    models: dict[str, int]


class RegistrySummaryOut(Schema):
    regions: list[RegionSummaryOut]


class SchemeListItemOut(Schema):
    id: uuid.UUID
    slug: str
    name: str
    region: str
    delivery_model: int | None
    delivery_model_derived: int | None
    delivery_model_override: int | None


class TidierItemOut(Schema):
    number: str
    key: str
    title: str
    text: str
    generated: bool


class SchemeDetailOut(SchemeListItemOut):
    commissioner: str
    employer: str
    managers: list[str]
    practice_count: int
    derivation: str
    override_reason: str
    tidier: list[TidierItemOut]


def _list_item(scheme: object) -> dict[str, object]:
    model = scheme_delivery_model(scheme)  # type: ignore[arg-type]
    return {
        "id": scheme.pk,  # type: ignore[attr-defined]
        "slug": scheme.slug,  # type: ignore[attr-defined]
        "name": scheme.name,  # type: ignore[attr-defined]
        "region": scheme.region.name,  # type: ignore[attr-defined]
        "delivery_model": model.effective,
        "delivery_model_derived": model.derived.model,
        "delivery_model_override": model.override,
    }


@router.get("/summary", response=RegistrySummaryOut)
def registry_summary_get(request: HttpRequest) -> dict[str, object]:
    return {"regions": [s.as_json() for s in registry_summary()]}


def _scheme_key(scheme: Scheme) -> tuple[str, ...]:
    return (scheme.region.name, scheme.name, str(scheme.pk))


@router.get("/schemes", response=list[SchemeListItemOut])
def scheme_list_get(
    request: HttpRequest,
    response: HttpResponse,
    limit: int = Query(100, ge=1, le=200),
    cursor: str | None = None,
) -> list[dict[str, object]]:
    """By region, then name. When more follow, the `Link` header (rel="next") carries the URL
    of the next page."""
    page, after = page_after(
        sorted(scheme_list(), key=_scheme_key), key=_scheme_key, parts=3, cursor=cursor, limit=limit
    )
    if after:
        next_page_link(request, response, after=after)
    return [_list_item(scheme) for scheme in page]


@router.get("/schemes/{key}", response=SchemeDetailOut)
def scheme_detail_get(request: HttpRequest, key: str) -> dict[str, object]:
    scheme = scheme_get(key=key)
    model = scheme_delivery_model(scheme)
    return {
        **_list_item(scheme),
        "commissioner": scheme.commissioner.name,
        "employer": scheme.employer.name,
        "managers": sorted(m.name for m in scheme.managers.all()),
        "practice_count": len(scheme.practices.all()),
        "derivation": model.derived.reason,
        "override_reason": model.override_reason,
        "tidier": [asdict(item) for item in scheme_tidier(scheme)],
    }
