"""Errors look like the rest of the service, as in production: the NHS.UK header, plain words,
a link home, and never Django's debug pages with their list of every URL."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from linkwork.accounts.roles import Role
from linkwork.config import urls as project_urls
from linkwork.core import error_pages
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


@pytest.fixture
def failing_urls(settings: Any) -> Iterator[None]:
    """The product's URLs plus two that fail on purpose."""
    module = types.ModuleType("linkwork_failing_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("boom/", _boom),
        path("forbidden/", _forbidden),
        *project_urls.urlpatterns,
    ]
    module.handler500 = project_urls.handler500  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    yield
    del sys.modules[module.__name__]


def assert_styled(body: str, heading: str) -> None:
    assert "nhsuk-header" in body
    assert "nhsuk-frontend" in body  # the site's stylesheet
    assert f"<h1>{heading}</h1>" in body
    assert 'href="/"' in body
    assert "URLconf" not in body
    assert "Traceback" not in body
    assert "DEBUG = True" not in body


def test_unknown_public_page_is_the_styled_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_styled(response.content.decode(), "Page not found")


def test_unknown_record_is_the_styled_404_for_staff(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    response = client.get("/schemes/no-such-scheme/")
    assert response.status_code == 404
    assert_styled(response.content.decode(), "Page not found")


def test_refused_action_is_the_styled_403(client: Client, failing_urls: None) -> None:
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert_styled(response.content.decode(), "You cannot do that")


def test_expired_form_is_the_styled_403(world: SmallWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert_styled(body, "This form has expired")
    assert "CSRF verification" not in body


def test_server_error_is_the_styled_500(client: Client, failing_urls: None) -> None:
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert_styled(body, "Sorry, there is a problem with the service")
    assert "deliberate failure" not in body


def test_server_error_falls_back_to_plain_words(
    client: Client, failing_urls: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the styled template cannot render, the page says what happened."""

    def broken(name: str) -> None:
        raise ValueError("no static manifest")

    monkeypatch.setattr(error_pages.loader, "get_template", broken)
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_static_files_are_served_by_the_application(client: Client) -> None:
    response = client.get("/static/css/linkwork.css")
    assert response.status_code == 200
    assert b"lw-numeric" in b"".join(response.streaming_content)  # type: ignore[attr-defined]
