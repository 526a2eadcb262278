"""The JSON API keeps its OpenAPI contract under generated input (schemathesis).

Every operation is called with a few generated requests, as a signed-in scheme manager with a
valid CSRF token, through the real WSGI stack. No answer may be a server error, use a status
the operation does not document, or have a body that breaks the documented schema. Bounded
(a few examples per operation, no deadline) and derandomised, so it runs the same every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from linkwork.accounts.roles import Role
from linkwork.api import api
from linkwork.testing.world import SmallWorld

CSRF_TOKEN = "a" * 32  # a CSRF secret Django accepts as both cookie and header

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
SCHEMA.app = WSGIHandler()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def session(world: SmallWorld) -> Iterator[dict[str, Any]]:
    """Cookies and headers of a signed-in manager; database connections stay open between
    requests, as under Django's test client, so the test's transaction holds."""
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {
            "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN},
            "headers": {"X-CSRFToken": CSRF_TOKEN},
        }
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@SCHEMA.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_contract(case: Any, session: dict[str, Any]) -> None:
    response = case.call_and_validate(
        cookies=session["cookies"], headers=session["headers"], checks=CHECKS
    )
    # The session and CSRF token must work, or the run would test only the sign-in wall.
    assert response.status_code != 401, response.text
    if response.status_code == 403:
        assert response.json()["code"] != "csrf_failed", response.text
