"""API paths written with or without the trailing slash reach the same endpoint, and a path
the API does not have gets a problem-details answer, never a redirect that drops the body or a
server error."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld, referral_api_body

pytestmark = pytest.mark.django_db


def signed_in(world: SmallWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def referral_body(world: SmallWorld) -> str:
    return json.dumps(referral_api_body(world))


@pytest.mark.parametrize("debug", [False, True])
def test_a_referral_posted_without_the_trailing_slash_is_made(
    world: SmallWorld, settings: object, debug: bool
) -> None:
    settings.DEBUG = debug  # type: ignore[attr-defined]
    client = signed_in(world, Role.REFERRER_GP)
    response = client.post(
        "/api/v1/referrals", data=referral_body(world), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Referral.objects.filter(pk=response.json()["id"]).exists()


def test_a_path_with_an_extra_trailing_slash_is_served(world: SmallWorld) -> None:
    client = signed_in(world, Role.RESEARCHER)
    assert client.get("/api/v1/registry/summary").status_code == 200
    response = client.get("/api/v1/registry/summary/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_an_unknown_api_path_is_a_problem_not_a_page(world: SmallWorld, method: str) -> None:
    client = signed_in(world, Role.REFERRER_GP)
    response = getattr(client, method)("/api/v1/no-such-thing", content_type="application/json")
    assert response.status_code == 404
    problem = response.json()
    assert problem["code"] == "no_such_path"
    assert "/api/v1/no-such-thing" in problem["detail"]
    assert "/api/v1/docs" in problem["detail"]


def test_the_api_answers_unknown_paths_for_anonymous_callers_too() -> None:
    response = Client().post("/api/v1/referals/", data="{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "no_such_path"
