"""Who has viewed a record: while the same person keeps using the record, each thing they did to
each kind of record is one row (how many times, first to last), so the list stays readable."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.access_runs import group_access
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record
from linkwork.testing.world import SmallWorld, refer

START = datetime(2026, 10, 1, 9, 0)  # noqa: DTZ001 - a pure rule; no time zone involved


def event(minute: int, actor: str, action: str = "view", object_type: str = "referral"):
    return SimpleNamespace(
        at=START + timedelta(minutes=minute),
        actor=actor,
        actor_id=actor,
        action=action,
        object_type=object_type,
    )


def test_consecutive_repeats_become_one_run_newest_first() -> None:
    newest_first = [
        event(50, "amy"),
        event(40, "amy"),
        event(30, "amy"),
        event(20, "ben"),
        event(10, "amy"),
        event(5, "amy", action="update"),
        event(0, "amy", object_type="person"),
    ]
    runs = group_access(newest_first)
    assert [(r.actor, r.action, r.object_type, r.count) for r in runs] == [
        ("amy", "view", "referral", 3),
        ("ben", "view", "referral", 1),
        ("amy", "view", "referral", 1),
        ("amy", "update", "referral", 1),
        ("amy", "view", "person", 1),
    ]
    assert (runs[0].first_at, runs[0].last_at) == (
        START + timedelta(minutes=30),
        START + timedelta(minutes=50),
    )
    assert runs[1].first_at == runs[1].last_at


def test_interleaved_repeats_by_one_person_fold_together() -> None:
    # Each visit to a home page lists the person twice (caseload, questionnaires due).
    newest_first = [
        event(minute, "amy", action="list", object_type=kind)
        for minute in (30, 20, 10)
        for kind in ("outcome_due", "caseload")
    ]
    runs = group_access(newest_first)
    assert [(r.object_label, r.count) for r in runs] == [("outcome due", 3), ("caseload", 3)]
    assert runs[1].first_at == START + timedelta(minutes=10)


def test_no_events_no_runs() -> None:
    assert group_access([]) == []


@pytest.mark.django_db
def test_the_person_page_shows_repeated_views_as_one_row(world: SmallWorld) -> None:
    referral = refer(world)
    worker = world.users[Role.LINK_WORKER]
    for _ in range(20):
        for object_type in ("referral", "person"):
            audit_record(
                actor=worker,
                action=AuditEvent.Action.VIEW,
                object_type=object_type,
                object_id=referral.pk,
                person_id=referral.person_id,
            )
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    page = client.get(reverse("people:person_detail", args=[referral.person_id]))
    assert page.status_code == 200
    html = page.content.decode()
    table = html[html.index('data-testid="viewers"') :]
    table = table[: table.index("</table>")]
    assert table.count("Viewed referral") == 1
    assert table.count("Viewed person") <= 2  # the worker's, and the manager's own visit now
    assert "20 times" in table
    assert table.count("<tr") <= 6
