"""The JSON API books, moves, cancels and records appointments as the diary pages do, through
the same services, for the scheme's casework staff only, once per Idempotency-Key."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment
from linkwork.episodes.models import Encounter, Referral
from linkwork.testing.world import SmallWorld

from .conftest import at, tomorrow

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _post(client: Client, url: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def _booking(referral: Referral, **overrides: object) -> dict[str, Any]:
    return {
        "referral": str(referral.pk),
        "starts_at": at(tomorrow(), 10).isoformat(),
        "length_minutes": 45,
        "mode": "face_to_face",
        "where": "Mill Street Surgery",
        **overrides,
    }


def test_booking_runs_once_per_key(world: SmallWorld, referral: Referral) -> None:
    client = _client(world)
    first = _post(client, "/api/v1/appointments/", _booking(referral), key="book-key-0001")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["status"], body["link_worker"]) == (
        "booked",
        str(world.users[Role.LINK_WORKER].pk),
    )
    again = _post(client, "/api/v1/appointments/", _booking(referral), key="book-key-0001")
    assert again.status_code == 201
    assert again.json() == body
    assert Appointment.objects.count() == 1
    # Without the key, the same time is a clash, named by field.
    clash = _post(client, "/api/v1/appointments/", _booking(referral))
    assert clash.status_code == 400
    assert "starts_at" in clash.json()["errors"]


def test_bad_bookings_name_the_field_and_write_nothing(
    world: SmallWorld, referral: Referral
) -> None:
    client = _client(world)
    cases = {
        "length_minutes": _booking(referral, length_minutes=0),
        "mode": _booking(referral, mode="carrier-pigeon"),
        "starts_at": _booking(referral, starts_at="9999-12-31T23:59:00+00:00"),
        "link_worker": _booking(referral, link_worker=str(world.extra["scot_link_worker"].pk)),
    }
    for field, body in cases.items():
        response = _post(client, "/api/v1/appointments/", body)
        assert response.status_code == 400, (field, response.content)
        assert field in response.json()["errors"], field
    missing = _post(client, "/api/v1/appointments/", {"referral": str(referral.pk)})
    assert missing.status_code == 422
    assert {"starts_at", "length_minutes", "mode"} <= set(missing.json()["errors"])
    assert not Appointment.objects.exists()


def test_another_schemes_staff_cannot_book_or_touch_an_appointment(
    world: SmallWorld, referral: Referral
) -> None:
    booked = _post(_client(world), "/api/v1/appointments/", _booking(referral)).json()
    other = Client()
    other.force_login(world.extra["scot_link_worker"])
    assert _post(other, "/api/v1/appointments/", _booking(referral)).status_code == 404
    cancel = f"/api/v1/appointments/{booked['id']}/cancel"
    assert _post(other, cancel, {"reason": "Not mine"}).status_code == 404
    gp = _client(world, Role.REFERRER_GP)
    assert _post(gp, "/api/v1/appointments/", _booking(referral)).status_code == 403
    assert Appointment.objects.get().status == "booked"


def test_moving_and_cancelling_need_a_reason(world: SmallWorld, referral: Referral) -> None:
    client = _client(world)
    booked = _post(client, "/api/v1/appointments/", _booking(referral)).json()
    move = f"/api/v1/appointments/{booked['id']}/move"
    later = at(tomorrow(), 14).isoformat()
    assert "reason" in _post(client, move, {"starts_at": later, "reason": " "}).json()["errors"]
    moved = _post(client, move, {"starts_at": later, "reason": "Bus times"}, key="move-key-0001")
    assert moved.status_code == 200, moved.content
    assert moved.json()["rescheduled"] == 1
    # A replay answers as the first move did; it does not move it again.
    assert (
        _post(client, move, {"starts_at": later, "reason": "Bus times"}, key="move-key-0001").json()
        == moved.json()
    )
    cancel = f"/api/v1/appointments/{booked['id']}/cancel"
    assert "reason" in _post(client, cancel, {"reason": ""}).json()["errors"]
    cancelled = _post(client, cancel, {"reason": "Unwell"}, key="cancel-key-0001")
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert (
        _post(client, cancel, {"reason": "Unwell"}, key="cancel-key-0001").json()
        == cancelled.json()
    )
    refused = _post(client, cancel, {"reason": "Unwell"})
    assert refused.status_code == 400
    assert "already cancelled" in refused.json()["detail"]


def test_attended_and_did_not_attend_become_sessions_once(
    world: SmallWorld, referral: Referral, move_clock: Callable[..., None]
) -> None:
    client = _client(world)
    first = _post(client, "/api/v1/appointments/", _booking(referral)).json()
    second = _post(
        client,
        "/api/v1/appointments/",
        _booking(referral, starts_at=at(tomorrow(), 15).isoformat()),
    ).json()
    early = _post(client, f"/api/v1/appointments/{first['id']}/attended", {})
    assert early.status_code == 400
    assert "not started" in early.json()["detail"]
    move_clock(at(tomorrow(), 16))
    url = f"/api/v1/appointments/{first['id']}/attended"
    attended = _post(client, url, {"notes": "Good chat"}, key="attend-key-0001")
    assert attended.status_code == 201, attended.content
    assert (attended.json()["status"], attended.json()["session_number"]) == ("attended", 1)
    assert (
        _post(client, url, {"notes": "Good chat"}, key="attend-key-0001").json() == attended.json()
    )
    missed = _post(
        client, f"/api/v1/appointments/{second['id']}/did-not-attend", {}, key="dna-key-0001"
    )
    assert missed.status_code == 201, missed.content
    assert (missed.json()["status"], missed.json()["attended"]) == ("did_not_attend", False)
    assert Encounter.objects.filter(referral=referral).count() == 2
