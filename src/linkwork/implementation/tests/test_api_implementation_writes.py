"""The JSON API records a practice's events, continuity, initiatives and leadership, runs its
staff survey rounds and removes an entry from a link worker's own log, as the pages do: the
same services, the same people allowed, once per Idempotency-Key, the field at fault named,
another scheme's practice not found."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    Coverage,
    Handover,
    NomadLink,
    PracticeEvent,
    PracticeLeadership,
)
from linkwork.implementation.services import activity_log
from linkwork.implementation.tests.helpers import Cast, client_for, cover
from linkwork.testing.api import post_json, token_client

pytestmark = pytest.mark.django_db


def _errors(response: Any) -> tuple[int, set[str]]:
    return response.status_code, set(response.json()["errors"])


def _url(cast: Cast, what: str) -> str:
    return f"/api/v1/implementation/practices/{cast.practice.pk}/{what}"


def test_continuity_is_recorded_by_the_practices_managers(cast: Cast) -> None:
    cover(cast)
    manager = client_for(cast.pm)
    coverage = {"link_worker": str(cast.lw2.pk), "started_on": "2026-01-05"}
    made = post_json(manager, _url(cast, "coverage"), coverage, key="coverage-key-1")
    assert made.status_code == 201, made.content
    assert post_json(manager, _url(cast, "coverage"), coverage, key="coverage-key-1").json() == (
        made.json()
    )
    assert Coverage.objects.filter(link_worker=cast.lw2).count() == 1
    stranger = {**coverage, "link_worker": str(cast.world.extra["scot_link_worker"].pk)}
    assert _errors(post_json(manager, _url(cast, "coverage"), stranger)) == (400, {"link_worker"})

    absence = {
        "kind": "annual_leave",
        "link_worker": str(cast.lw.pk),
        "started_on": "2026-06-01",
        "ended_on": "2026-06-12",
        "cover": "full",
        "cover_by": str(cast.lw2.pk),
    }
    away = post_json(manager, _url(cast, "absences"), absence, key="absence-key-1")
    assert away.status_code == 201, away.content
    vacancy = {**absence, "kind": "vacancy"}
    assert _errors(post_json(manager, _url(cast, "absences"), vacancy)) == (400, {"link_worker"})
    long_note = {**absence, "cover_note": "x" * 201}
    assert _errors(post_json(manager, _url(cast, "absences"), long_note)) == (422, {"cover_note"})
    assert Absence.objects.count() == 1

    handover = {
        "outgoing": str(cast.lw.pk),
        "outgoing_last_day": "2026-07-31",
        "incoming": str(cast.lw2.pk),
        "incoming_first_day": "2026-08-01",
    }
    handed = post_json(manager, _url(cast, "handovers"), handover, key="handover-key-1")
    assert handed.status_code == 201, handed.content
    same = {**handover, "incoming": str(cast.lw.pk)}
    assert "incoming" in post_json(manager, _url(cast, "handovers"), same).json()["errors"]
    assert Coverage.objects.get(link_worker=cast.lw).ended_on == date(2026, 7, 31)
    assert Handover.objects.count() == 1

    # A link worker reads continuity but does not record it; a referrer at the practice is
    # refused; another scheme's link worker is told there is no such practice.
    refused = ((cast.lw, 403), (cast.gp, 403), (cast.world.extra["scot_link_worker"], 404))
    for user, status in refused:
        for what, body in (("coverage", coverage), ("absences", absence), ("handovers", handover)):
            assert post_json(client_for(user), _url(cast, what), body).status_code == status, what
    theirs = f"/api/v1/implementation/practices/{cast.world.scot_practice.pk}/coverage"
    assert post_json(manager, theirs, coverage).status_code == 404


def test_events_are_recorded_by_link_workers_and_managers(cast: Cast) -> None:
    worker = client_for(cast.lw)
    event = {
        "held_on": (clock.today() - timedelta(days=2)).isoformat(),
        "kind": "team_meeting",
        "title": "Link worker at the practice meeting",
        "gps": 4,
        "nurses": 2,
    }
    made = post_json(worker, _url(cast, "events"), event, key="event-key-0001")
    assert made.status_code == 201, made.content
    assert post_json(worker, _url(cast, "events"), event, key="event-key-0001").json() == (
        made.json()
    )
    nobody = {**event, "gps": 0, "nurses": 0}
    assert _errors(post_json(worker, _url(cast, "events"), nobody)) == (400, {"gps"})
    assert _errors(post_json(worker, _url(cast, "events"), {**event, "kind": "party"})) == (
        400,
        {"kind"},
    )
    assert _errors(post_json(worker, _url(cast, "events"), {**event, "gps": 501})) == (
        422,
        {"gps"},
    )
    assert post_json(client_for(cast.gp), _url(cast, "events"), event).status_code == 403
    outsider = client_for(cast.world.extra["scot_link_worker"])
    assert post_json(outsider, _url(cast, "events"), event).status_code == 404
    assert PracticeEvent.objects.get().gps == 4


def test_initiatives_and_leadership_by_a_practice_system(cast: Cast) -> None:
    system = token_client(organisation=cast.practice, role=Role.PRACTICE_MANAGER)
    initiative = {"name": "Frailty pathway pilot", "started_on": "2026-03-01"}
    made = post_json(system, _url(cast, "initiatives"), initiative, key="initiative-key1")
    assert made.status_code == 201, made.content
    again = post_json(system, _url(cast, "initiatives"), initiative, key="initiative-key1")
    assert again.json() == made.json()
    assert ConcurrentInitiative.objects.get().recorded_by == system.api_client.user
    backwards = {**initiative, "ended_on": "2026-01-01"}
    assert _errors(post_json(system, _url(cast, "initiatives"), backwards)) == (400, {"ended_on"})

    lead = {
        "recorded_on": (clock.today() - timedelta(days=1)).isoformat(),
        "has_lead": True,
        "lead_name": "Dr Okafor",
        "lead_role": "gp",
        "in_meetings": True,
    }
    led = post_json(system, _url(cast, "leadership"), lead, key="leadership-key1")
    assert led.status_code == 201, led.content
    unnamed = {**lead, "lead_name": "", "lead_role": ""}
    assert _errors(post_json(system, _url(cast, "leadership"), unnamed)) == (
        400,
        {"lead_name", "lead_role"},
    )
    assert _errors(post_json(system, _url(cast, "leadership"), {**lead, "has_lead": "maybe"})) == (
        422,
        {"has_lead"},
    )
    worker = client_for(cast.lw)
    assert post_json(worker, _url(cast, "initiatives"), initiative).status_code == 403
    assert post_json(worker, _url(cast, "leadership"), lead).status_code == 403
    outsider = client_for(cast.world.extra["scot_link_worker"])
    assert post_json(outsider, _url(cast, "leadership"), lead).status_code == 404
    assert PracticeLeadership.objects.count() == 1


def test_a_link_worker_removes_their_own_activity_once(cast: Cast) -> None:
    activity = activity_log(
        actor=cast.lw,
        practice=cast.practice,
        occurred_on=clock.today(),
        kind="team_meeting",
        minutes=30,
    )
    url = f"/api/v1/implementation/activities/{activity.pk}"
    assert client_for(cast.lw2).delete(url).status_code == 404
    assert client_for(cast.pm).delete(url).status_code == 403
    worker = client_for(cast.lw)
    headers = {"Idempotency-Key": "activity-remove-1"}
    removed = worker.delete(url, headers=headers)
    assert removed.status_code == 200, removed.content
    assert worker.delete(url, headers=headers).json() == {"id": str(activity.pk), "removed": True}
    assert worker.delete(url).status_code == 404
    assert not Activity.objects.exists()


def test_a_survey_round_is_opened_added_to_and_closed(cast: Cast) -> None:
    manager = client_for(cast.pm)
    body = {"closes_on": (clock.today() + timedelta(days=28)).isoformat(), "links": 3}
    opened = post_json(manager, _url(cast, "nomad-rounds"), body, key="round-key-0001")
    assert opened.status_code == 201, opened.content
    links = opened.json()["links"]
    assert len(links) == 3
    assert all("/nomad/" in link for link in links)
    again = post_json(manager, _url(cast, "nomad-rounds"), body, key="round-key-0001").json()
    # The links were shown once: only their hashes are kept.
    assert (again["id"], again["links"]) == (opened.json()["id"], [])
    assert NomadLink.objects.count() == 3
    assert _errors(post_json(manager, _url(cast, "nomad-rounds"), {**body, "links": 0})) == (
        422,
        {"links"},
    )
    past = {**body, "closes_on": "2020-01-01"}
    assert _errors(post_json(manager, _url(cast, "nomad-rounds"), past)) == (400, {"closes_on"})
    assert post_json(client_for(cast.lw), _url(cast, "nomad-rounds"), body).status_code == 403

    survey = f"/api/v1/implementation/nomad-rounds/{opened.json()['id']}"
    more = post_json(manager, f"{survey}/links", {"count": 2}, key="links-key-0001")
    assert (more.status_code, len(more.json()["links"])) == (201, 2)
    outsider = client_for(cast.world.extra["scot_link_worker"])
    assert post_json(outsider, f"{survey}/links", {"count": 2}).status_code == 404
    assert post_json(outsider, f"{survey}/close", {}).status_code == 404
    assert post_json(client_for(cast.gp), f"{survey}/close", {}).status_code == 403
    closed = post_json(manager, f"{survey}/close", {}, key="close-key-0001")
    assert closed.status_code == 200, closed.content
    assert closed.json()["closed_on"] == clock.today().isoformat()
    assert post_json(manager, f"{survey}/close", {}, key="close-key-0001").json() == closed.json()
    assert post_json(manager, f"{survey}/close", {}).status_code == 400
    assert post_json(manager, f"{survey}/links", {"count": 2}).status_code == 400
    assert NomadLink.objects.count() == 5
