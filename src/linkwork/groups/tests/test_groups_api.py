"""The JSON API adds groups and records and cancels group sessions with their attendees as the
group pages do: the same services (each attendee's episode gets its session), the same scheme
scoping (another scheme's group or episode is not found), once per Idempotency-Key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.episodes.models import Encounter
from linkwork.groups.models import GroupActivity, GroupSession
from linkwork.groups.services import group_activity_create
from linkwork.testing.api import post_json
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    return client


def _session(*attendees: object, **overrides: object) -> dict[str, object]:
    return {
        "occurred_on": (clock.today() - timedelta(days=1)).isoformat(),
        "place": "Heaton Park gates",
        "duration_minutes": 60,
        "attendees": [str(a) for a in attendees],
        **overrides,
    }


def test_a_group_and_its_session_are_recorded_once_per_key(world: SmallWorld) -> None:
    episode = refer_and_start(world, received_on=clock.today() - timedelta(days=10))
    client = _client(world)
    group = post_json(client, "/api/v1/groups/", {"name": "Walkers", "kind": "walking"}, "grp-0001")
    assert group.status_code == 201, group.content
    assert (
        post_json(
            client, "/api/v1/groups/", {"name": "Walkers", "kind": "walking"}, "grp-0001"
        ).json()
        == group.json()
    )
    assert GroupActivity.objects.count() == 1
    clash = post_json(client, "/api/v1/groups/", {"name": "walkers", "kind": "tea"})
    assert (clash.status_code, set(clash.json()["errors"])) == (400, {"name", "kind"})
    url = f"/api/v1/groups/{group.json()['id']}/sessions"
    made = post_json(client, url, _session(episode.pk, others=3), "gs-key-0001")
    assert made.status_code == 201, made.content
    assert made.json()["attendees"] == [str(episode.pk)]
    assert (
        post_json(client, url, _session(episode.pk, others=3), "gs-key-0001").json() == made.json()
    )
    assert GroupSession.objects.count() == 1
    assert Encounter.objects.filter(referral=episode, mode="group").count() == 1
    cancel = f"/api/v1/groups/sessions/{made.json()['id']}/cancel"
    no_reason = post_json(client, cancel, {"reason": " "})
    assert (no_reason.status_code, set(no_reason.json()["errors"])) == (400, {"reason"})
    cancelled = post_json(client, cancel, {"reason": "Rained off."}, "gs-cancel-0001")
    assert (cancelled.status_code, cancelled.json()["cancelled"]) == (200, True)
    assert (
        post_json(client, cancel, {"reason": "Rained off."}, "gs-cancel-0001").json()
        == cancelled.json()
    )
    assert not Encounter.objects.filter(referral=episode, mode="group").exists()


def test_bad_sessions_name_the_field_and_keep_nothing(world: SmallWorld) -> None:
    client = _client(world)
    group = group_activity_create(
        scheme=world.scheme, actor=world.users[Role.LINK_WORKER], name="Tea", kind="walking"
    )
    url = f"/api/v1/groups/{group.pk}/sessions"
    theirs = refer(world, scheme=world.scot_scheme, practice=world.scot_practice)
    outsider = post_json(client, url, _session(theirs.pk))
    assert (outsider.status_code, set(outsider.json()["errors"])) == (400, {"attendees"})
    assert str(theirs.pk) in outsider.json()["errors"]["attendees"][0]
    nobody = post_json(client, url, _session(place=" "))
    assert (nobody.status_code, set(nobody.json()["errors"])) == (400, {"place", "attendees"})
    stranger = post_json(
        client, url, _session(others=2, facilitator=str(world.extra["scot_link_worker"].pk))
    )
    assert (stranger.status_code, set(stranger.json()["errors"])) == (400, {"facilitator"})
    typed = post_json(client, url, _session(duration_minutes=0, attendees=["x"]))
    assert typed.status_code == 422
    assert {"duration_minutes", "attendees.0"} <= set(typed.json()["errors"])
    assert not GroupSession.objects.exists()


def test_another_schemes_group_is_not_found(world: SmallWorld) -> None:
    theirs = group_activity_create(
        scheme=world.scot_scheme,
        actor=world.extra["scot_link_worker"],
        name="Glen walkers",
        kind="walking",
    )
    client = _client(world)
    response = post_json(client, f"/api/v1/groups/{theirs.pk}/sessions", _session(others=2))
    assert response.status_code == 404
    in_their_scheme = post_json(
        client,
        "/api/v1/groups/",
        {"name": "X", "kind": "walking", "scheme": str(world.scot_scheme.pk)},
    )
    assert in_their_scheme.status_code == 404
    assert [g["name"] for g in client.get("/api/v1/groups/").json()] == []
    assert not GroupSession.objects.exists()
