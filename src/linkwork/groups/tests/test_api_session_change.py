"""A group session is changed through the JSON API (a PUT of the whole session) as on the
page: the same service re-records every attendee's session, another scheme's session is not
found, a refused change names the field and leaves the session as it was, and a retried PUT
with the same Idempotency-Key answers once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core import clock
from linkwork.episodes.models import Encounter, Referral
from linkwork.groups.models import GroupSession
from linkwork.groups.services import (
    SessionDetails,
    group_activity_create,
    group_session_cancel,
    group_session_record,
)
from linkwork.testing.api import put_json, token_client
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _recorded(world: SmallWorld, *attendees: Referral) -> GroupSession:
    worker = world.users[Role.LINK_WORKER]
    activity = group_activity_create(scheme=world.scheme, actor=worker, name="Tea", kind="walking")
    return group_session_record(
        activity=activity,
        actor=worker,
        details=SessionDetails(
            facilitator=worker,
            occurred_on=clock.today() - timedelta(days=2),
            place="Library",
            duration_minutes=60,
            attendees=list(attendees),
        ),
    )


def _body(world: SmallWorld, *attendees: Referral, **overrides: object) -> dict[str, object]:
    return {
        "occurred_on": (clock.today() - timedelta(days=1)).isoformat(),
        "place": "Heaton Park gates",
        "duration_minutes": 90,
        "attendees": [str(a.pk) for a in attendees],
        "others": 2,
        "facilitator": str(world.users[Role.LINK_WORKER].pk),
        **overrides,
    }


def _episode(world: SmallWorld) -> Referral:
    return refer_and_start(world, received_on=clock.today() - timedelta(days=10))


def test_a_session_is_changed_in_every_episode_once_per_key(world: SmallWorld) -> None:
    first, second = _episode(world), _episode(world)
    session = _recorded(world, first)
    client = _client(world)
    url = f"/api/v1/groups/sessions/{session.pk}"
    changed = put_json(client, url, _body(world, first, second), key="gs-change-0001")
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["place"], body["duration_minutes"], body["others"]) == (
        "Heaton Park gates",
        90,
        2,
    )
    assert sorted(body["attendees"]) == sorted([str(first.pk), str(second.pk)])
    # A retry with the same key gets the first answer and changes nothing, even when its
    # body has drifted.
    again = put_json(client, url, _body(world, first, second, place="Hall"), key="gs-change-0001")
    assert (again.status_code, again.json()) == (200, body)
    session.refresh_from_db()
    assert session.place == "Heaton Park gates"
    # Each attendee's episode has the one group session, as changed.
    for episode in (first, second):
        encounter = Encounter.objects.get(referral=episode, mode="group")
        assert (encounter.duration_minutes, encounter.occurred_on.isoformat()) == (
            90,
            _body(world)["occurred_on"],
        )
    dropped = put_json(client, url, _body(world, second))
    assert dropped.json()["attendees"] == [str(second.pk)]
    assert not Encounter.objects.filter(referral=first, mode="group").exists()


def test_a_bad_change_names_the_field_and_keeps_the_session(world: SmallWorld) -> None:
    episode = _episode(world)
    session = _recorded(world, episode)
    client = _client(world)
    url = f"/api/v1/groups/sessions/{session.pk}"
    theirs = refer(world, scheme=world.scot_scheme, practice=world.scot_practice)
    outsider = put_json(client, url, _body(world, theirs))
    assert (outsider.status_code, set(outsider.json()["errors"])) == (400, {"attendees"})
    stranger = put_json(
        client, url, _body(world, episode, facilitator=str(world.extra["scot_link_worker"].pk))
    )
    assert (stranger.status_code, set(stranger.json()["errors"])) == (400, {"facilitator"})
    nowhere = put_json(client, url, _body(world, episode, place=" "))
    assert (nowhere.status_code, set(nowhere.json()["errors"])) == (400, {"place"})
    partial = put_json(client, url, {"place": "Hall"})
    assert partial.status_code == 422
    assert {"occurred_on", "duration_minutes", "attendees", "others", "facilitator"} <= set(
        partial.json()["errors"]
    )
    typed = put_json(client, url, _body(world, duration_minutes=0, others=-1))
    assert (typed.status_code, set(typed.json()["errors"])) == (
        422,
        {"duration_minutes", "others"},
    )
    session.refresh_from_db()
    assert (session.place, session.duration_minutes) == ("Library", 60)
    assert Encounter.objects.get(referral=episode, mode="group").duration_minutes == 60


def test_only_the_schemes_staff_reach_it_and_a_cancelled_one_stays(world: SmallWorld) -> None:
    episode = _episode(world)
    session = _recorded(world, episode)
    url = f"/api/v1/groups/sessions/{session.pk}"
    # As on the page, anyone outside the scheme's casework staff is told there is no such
    # session: a referrer, and another scheme's link worker.
    referrer = put_json(_client(world, Role.REFERRER_GP), url, _body(world, episode))
    assert referrer.status_code == 404
    stranger = Client()
    stranger.force_login(world.extra["scot_link_worker"])
    assert put_json(stranger, url, _body(world, episode)).status_code == 404
    session.refresh_from_db()
    assert session.place == "Library"
    group_session_cancel(session=session, actor=world.users[Role.LINK_WORKER], reason="Rain.")
    cancelled = put_json(_client(world), url, _body(world, episode))
    assert (cancelled.status_code, cancelled.json()["code"]) == (400, "group_session_cancelled")


def test_a_registered_client_is_audited(world: SmallWorld) -> None:
    system = token_client(organisation=world.pcn, role=Role.LINK_WORKER, scheme=world.scheme)
    episode = _episode(world)
    session = _recorded(world, episode)
    body = _body(world, episode, facilitator=str(system.api_client.user.pk))
    changed = put_json(system, f"/api/v1/groups/sessions/{session.pk}", body, "sys-gs-0001")
    assert changed.status_code == 200, changed.content
    assert AuditEvent.objects.filter(
        actor=system.api_client.user,
        object_type="group_session",
        object_id=str(session.pk),
        action="update",
    ).exists()
