from __future__ import annotations

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def test_api_needs_a_session(world: SmallWorld) -> None:
    assert Client().get("/api/v1/registry/summary").status_code == 401


def test_summary_and_scheme_detail(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.RESEARCHER])
    summary = client.get("/api/v1/registry/summary").json()
    assert summary["regions"][0]["models"] == {"1": 1, "2": 0, "3": 0, "4": 0}
    schemes = client.get("/api/v1/registry/schemes").json()
    assert {s["slug"] for s in schemes} == {world.scheme.slug, world.scot_scheme.slug}
    detail = client.get(f"/api/v1/registry/schemes/{world.scheme.slug}").json()
    assert detail["delivery_model"] == 1
    assert detail["delivery_model_override"] is None
    assert detail["derivation"].startswith("One PCN employs")
    assert len(detail["tidier"]) == 13


def test_unknown_scheme_gives_problem_details(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.RESEARCHER])
    response = client.get("/api/v1/registry/schemes/nope")
    assert response.status_code == 404
    assert response.json()["code"] == "scheme_not_found"
    assert "nope" in response.json()["detail"]


def test_api_documentation_is_served_from_our_own_static_files(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.RESEARCHER])
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "/api/v1/registry/summary" in client.get("/api/v1/openapi.json").content.decode()


def test_the_scheme_list_pages_by_cursor(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.RESEARCHER])
    first = client.get("/api/v1/registry/schemes?limit=1")
    link = first.headers["Link"]
    assert link.endswith('; rel="next"')
    second = client.get(link.split(">")[0].lstrip("<"))
    assert "Link" not in second.headers
    slugs = [s["slug"] for s in first.json() + second.json()]
    assert sorted(slugs) == sorted({world.scheme.slug, world.scot_scheme.slug})
