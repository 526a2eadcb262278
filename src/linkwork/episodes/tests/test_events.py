"""Every write to an episode leaves one timeline event and, beside it, its audit row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import ReferralEvent
from linkwork.episodes.services.connections import connection_create, connection_set_status
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.financial_gains import financial_gain_record
from linkwork.episodes.services.lifecycle import referral_set_at_risk
from linkwork.episodes.services.plan import goal_add, goal_set_status, referral_what_matters_set
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def counts(referral) -> tuple[int, int]:
    events = ReferralEvent.objects.filter(referral=referral).count()
    audits = AuditEvent.objects.filter(person_id=referral.person_id).exclude(action="view").count()
    return events, audits


def test_each_write_adds_its_event_and_audit_row_together(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    day = referral.received_on + timedelta(days=3)
    writes = {
        "what matters": lambda: referral_what_matters_set(
            referral=referral, actor=worker, text="Getting out of the house"
        ),
        "goal": lambda: goal_add(referral=referral, actor=worker, description="Join a walk"),
        "at risk": lambda: referral_set_at_risk(
            referral=referral, actor=worker, at_risk=True, reason="Recent fall"
        ),
        "gain": lambda: financial_gain_record(
            referral=referral,
            actor=worker,
            kind="benefit_award",
            amount_pence=12_000,
            annual=True,
            recorded_on=day,
        ),
        "connection": lambda: connection_create(
            referral=referral, actor=worker, kind="signpost", service_name="Walking group"
        ),
    }
    for name, write in writes.items():
        before = counts(referral)
        write()
        after = counts(referral)
        assert after == (before[0] + 1, before[1] + 1), name


def test_events_carry_what_the_timeline_and_evaluation_read(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=referral.received_on + timedelta(days=7),
        mode="face_to_face",
        duration_minutes=45,
    )
    goal = goal_add(referral=referral, actor=worker, description="Join a walk")
    goal_set_status(goal=goal, actor=worker, status="achieved")
    connection = connection_create(
        referral=referral, actor=worker, kind="signpost", service_name="Walking group"
    )
    connection_set_status(connection=connection, actor=worker, status="accepted")

    kinds = list(ReferralEvent.objects.filter(referral=referral).values_list("kind", "data"))
    by_kind: dict[str, list[dict[str, object]]] = {}
    for kind, data in kinds:
        by_kind.setdefault(kind, []).append(data)
    assert by_kind["created"][0]["source"] == "gp"
    assert by_kind["encounter"][0]["session"] == 1
    assert by_kind["encounter"][0]["attended"] is True
    first_contact = (referral.received_on + timedelta(days=7)).isoformat()
    assert by_kind["note"][0]["first_contact"] == first_contact
    assert [d.get("status") for d in by_kind["goal"]] == [None, "achieved"]
    assert [d["status"] for d in by_kind["connection"]] == ["requested", "accepted"]
    assert [d["to"] for d in by_kind["status"]] == ["accepted", "waiting", "active"]
    audited = set(
        AuditEvent.objects.filter(person_id=referral.person_id).values_list("object_type", "action")
    )
    assert {
        ("referral", "create"),
        ("encounter", "create"),
        ("goal", "create"),
        ("goal", "update"),
        ("connection", "create"),
        ("connection", "update"),
    } <= audited


def test_the_record_names_what_was_written_in_words(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    financial_gain_record(
        referral=referral,
        actor=worker,
        kind="benefit_award",
        amount_pence=5_000,
        recorded_on=referral.received_on,
    )
    client = Client()
    client.force_login(worker)
    page = client.get(reverse("people:person_detail", args=[referral.person_id])).content.decode()
    assert "Created financial gain" in page
    assert "financial_gain" not in page
