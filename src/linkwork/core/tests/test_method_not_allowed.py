"""An address only a form's button may use, opened in the browser, shows a page saying so
(still a 405, with its Allow header); the JSON API's refusals are left to the API."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.testing.world import build_small_world

pytestmark = pytest.mark.django_db


def test_a_form_address_opened_in_the_browser_says_what_it_is() -> None:
    world = build_small_world()
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    response = client.get(f"/imports/{uuid.uuid4()}/start/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "This page is a form&#x27;s button" in page or "This page is a form's button" in page
    assert "Nothing was changed." in page
    assert 'href="/"' in page


def test_the_api_answers_a_wrong_method_itself() -> None:
    # An address of the API that only takes a POST, opened with a GET.
    response = Client().get(f"/api/v1/implementation/nomad-rounds/{uuid.uuid4()}/links")
    assert response.status_code == 405
    assert "form's button" not in response.content.decode()
