"""Every API failure is a problem-details body (RFC 9457) with the status it is sent with."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.api import api
from linkwork.testing.world import SmallWorld, referral_api_body

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals/"


def signed_in(world: SmallWorld, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf, raise_request_exception=False)
    client.force_login(world.users[Role.REFERRER_GP])
    return client


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert {"type", "title", "status", "detail", "code", "errors"} <= set(body)
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].endswith(f"/problems/{code}")
    return body


def test_a_post_without_the_csrf_token_is_a_problem(world: SmallWorld) -> None:
    body = json.dumps(referral_api_body(world))
    response = signed_in(world, csrf=True).post(URL, body, content_type="application/json")
    assert "X-CSRFToken" in assert_problem(response, 403, "csrf_failed")["detail"]


@pytest.mark.parametrize("path", [URL, URL.rstrip("/")])
@pytest.mark.parametrize(
    "content_type", ["multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed"]
)
@pytest.mark.parametrize("csrf", [False, True])
def test_multipart_without_a_usable_boundary_is_a_problem_not_a_crash(
    world: SmallWorld, path: str, content_type: str, csrf: bool
) -> None:
    response = signed_in(world, csrf=csrf).post(path, b"--x\r\n\r\n", content_type=content_type)
    # Refused as not JSON (415) or, when the CSRF check reads the form first, as a failed
    # CSRF check (403): never a server error.
    expected = (403, "csrf_failed") if csrf else (415, "unsupported_media_type")
    assert_problem(response, *expected)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_a_body_that_is_not_json_is_unsupported(world: SmallWorld, content_type: str) -> None:
    body = json.dumps(referral_api_body(world))
    response = signed_in(world).post(URL, body, content_type=content_type)
    assert content_type in assert_problem(response, 415, "unsupported_media_type")["detail"]


def test_malformed_json_is_a_bad_request(world: SmallWorld) -> None:
    response = signed_in(world).post(URL, "{not json", content_type="application/json")
    assert assert_problem(response, 400, "bad_request")["detail"] == (
        "The request body is not valid JSON."
    )


def test_a_body_over_the_upload_limit_is_too_large(world: SmallWorld, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = signed_in(world).post(URL, "[" + "1," * 1000 + "1]", content_type="application/json")
    assert_problem(response, 413, "too_large")


def test_not_signed_in_is_a_problem() -> None:
    response = Client().get(URL)
    assert_problem(response, 401, "not_signed_in")


def test_a_server_error_is_a_problem_without_internals(world, monkeypatch) -> None:
    from linkwork.episodes import api as episodes_api

    def explode(**kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(episodes_api, "referral_list_for", explode)
    response = signed_in(world).get(URL)
    body = assert_problem(response, 500, "server_error")
    assert "secret" not in json.dumps(body)


def test_every_operation_documents_its_problems() -> None:
    schema = api.get_openapi_schema()
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = {str(status) for status in operation["responses"]}
            expected = {"400", "401", "403", "404", "422", "500"}
            if method in {"post", "put", "patch"}:
                expected |= {"413", "415"}
            assert expected <= statuses, (method, path, sorted(statuses))
            problem = operation["responses"][404]["content"]["application/json"]["schema"]
            assert problem == {"$ref": "#/components/schemas/Problem"}, (method, path)
