"""The episode's timeline reads in words: statuses, connections and coded events by their
labels, and a SNOMED CT code only as labelled secondary text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.episodes.lifecycle import SNOMED_DECLINED, SNOMED_REFERRED
from linkwork.episodes.models import Referral
from linkwork.episodes.services.connections import connection_create, connection_set_status
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.financial_gains import financial_gain_record
from linkwork.episodes.services.intake import referral_decline
from linkwork.episodes.services.plan import goal_add, goal_set_status
from linkwork.testing.visible import raw_codes_in, visible_text
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def timeline_of(world: SmallWorld, referral: Referral) -> str:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    html = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    start = html.index('data-testid="timeline"')
    return visible_text(html[start : html.index("</ol>", start)])


def test_the_timeline_of_a_busy_episode_reads_in_words(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    day = referral.received_on + timedelta(days=7)
    encounter_record(
        referral=referral, actor=worker, occurred_on=day, mode="face_to_face", duration_minutes=45
    )
    goal = goal_add(referral=referral, actor=worker, description="Join a walk")
    goal_set_status(goal=goal, actor=worker, status="in_progress")
    connection = connection_create(
        referral=referral, actor=worker, kind="signpost", service_name="Walking group"
    )
    connection_set_status(connection=connection, actor=worker, status="accepted")
    connection_set_status(connection=connection, actor=worker, status="in-progress")
    financial_gain_record(
        referral=referral,
        actor=worker,
        kind="debt_written_off",
        amount_pence=5_000,
        recorded_on=day,
    )
    text = timeline_of(world, referral)
    assert raw_codes_in(text) == []
    assert "SNOMED CT code " + SNOMED_REFERRED in text
    assert "Referred to social prescribing service" in text
    assert "Referral received from GP" in text
    assert "Received → Accepted" in text
    assert "Walking group: Attending" in text
    assert "(in-progress)" not in text
    assert "Debt written off or reduced" in text
    assert "In progress" in text


def test_a_declined_referral_names_its_reason_and_code(world: SmallWorld) -> None:
    referral = refer(world, reasons=("loneliness_isolation",))
    referral_decline(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        reason="needs_other_service",
        note="",
    )
    text = timeline_of(world, referral)
    assert raw_codes_in(text) == []
    assert "Received → Declined" in text
    assert "Needs are better met by another service" in text
    assert "Social prescribing declined" in text
    assert "SNOMED CT code " + SNOMED_DECLINED in text


def test_first_contact_says_what_happened_with_the_code_beneath(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=referral.received_on + timedelta(days=2),
        mode="telephone",
        duration_minutes=20,
    )
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    html = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    timeline = html[html.index('data-testid="timeline"') :]
    entry = next(
        item for item in timeline.split("<li>") if "First contact with the link worker" in item
    )
    title, code = entry.split('data-testid="gp-record-code">', 1)
    assert SNOMED_REFERRED not in visible_text(title)
    assert visible_text(code.split("</span>", 1)[0]) == (
        f"SNOMED CT code {SNOMED_REFERRED}: Referred to social prescribing service"
    )
