"""Text in a JSON body that holds a null character is refused with a 422 naming each field,
before any endpoint runs: PostgreSQL cannot store one, and the pages' forms refuse it too."""

from __future__ import annotations

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.core.api_problems import null_character_fields
from linkwork.episodes.models import Goal
from linkwork.testing.api import post_json
from linkwork.testing.world import SmallWorld, refer_and_start


def test_the_fields_holding_a_null_character_are_named_by_path() -> None:
    body = {
        "note": "fine",
        "person": {"given_name": "A\x00da", "family_name": "Lovelace"},
        "attendees": ["ok", "b\x00d"],
        "bad\x00key": 1,
    }
    assert null_character_fields(body) == ["person.given_name", "attendees.1", "bad\x00key"]
    assert null_character_fields({"note": "fine", "n": 3, "list": [1, None]}) == []


@pytest.mark.django_db
def test_a_null_character_is_a_field_error_not_a_server_error(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    base = f"/api/v1/referrals/{referral.pk}"
    goal = post_json(client, f"{base}/goals", {"description": "Walk\x00"}, key="nul-key-0001")
    assert goal.status_code == 422, goal.content
    assert (goal.json()["code"], list(goal.json()["errors"])) == (
        "invalid_request",
        ["description"],
    )
    matters = post_json(client, f"{base}/what-matters", {"what_matters": "\x00"})
    assert (matters.status_code, list(matters.json()["errors"])) == (422, ["what_matters"])
    assert not Goal.objects.exists()
    referral.refresh_from_db()
    assert referral.what_matters == ""
    # The same key, with the text put right, is not taken by the refused request.
    fixed = post_json(client, f"{base}/goals", {"description": "Walk"}, key="nul-key-0001")
    assert fixed.status_code == 201, fixed.content
