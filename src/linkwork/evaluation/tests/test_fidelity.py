"""TIDieR items 11 and 12 from what the product holds: the policy, the questionnaire schedule,
sessions, questionnaires recorded and the practices' integration classes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.evaluation.fidelity import scheme_fidelity
from linkwork.implementation.assessment import default_period
from linkwork.organisations.selectors import scheme_get, scheme_tidier
from linkwork.organisations.services import scheme_policy_set, scheme_tidier_update
from linkwork.outcomes.models import ScheduleRule
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.testing.world import SmallWorld, default_policy

pytestmark = pytest.mark.django_db


def tidier_text(world: SmallWorld) -> dict[str, str]:
    items = scheme_tidier(scheme_get(key=world.scheme.slug))
    return {item.key: item.text for item in items}


def record(world: SmallWorld, referral: Referral, timepoint: str, days_after: int) -> None:
    administration_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        questionnaire=Questionnaire(
            "ons4",
            timepoint,
            referral.received_on + timedelta(days=days_after),
            "with_link_worker",
        ),
        responses=[6, 5, 4, 3],
    )


def test_items_11_and_12_are_filled_from_the_fidelity_data(casework: SmallWorld) -> None:
    world = casework
    # The casework episodes have 1, 2, 3 and 4 sessions, three of each; a cap of 3 leaves
    # the three four-session episodes past it.
    scheme_policy_set(scheme=world.scheme, policy=default_policy(session_cap=3))
    started = list(
        Referral.objects.filter(scheme=world.scheme, encounters__isnull=False)
        .distinct()
        .order_by("received_on")
    )
    for referral in started[:3]:
        record(world, referral, "baseline", 1)
    # Two discharged episodes ended long enough ago for the follow-up to be due; one has it.
    today = timezone.localdate()
    discharged = [r for r in started if r.status == "discharged"][:2]
    Referral.objects.filter(pk__in=[r.pk for r in discharged]).update(
        closed_on=today - timedelta(days=120)
    )
    discharged[0].refresh_from_db()
    record(world, discharged[0], "follow_up", (today - discharged[0].received_on).days)
    scheme_tidier_update(scheme=world.scheme, free_text={"how_well_actual": "A quiet summer."})

    text = tidier_text(world)
    assert text["how_well_planned"].splitlines() == [
        "Sessions: up to 3 sessions per episode, with people at risk kept on past the cap.",
        "Questionnaires: ONS personal well-being (ONS4): baseline at session 1, review at "
        "session 4 "
        "(or at discharge if that comes first) and follow-up 91 days after discharge.",
        "Integration target: the practice served fully integrated, with link work at the "
        "patient, practice and community levels.",
    ]
    assert text["how_well_actual"].splitlines() == [
        "Sessions: 9 of 12 (75%) episodes with a session stayed within the cap of 3.",
        "Questionnaires: baseline completed in 3 of 12 (25%) episodes with a session; "
        "follow-up completed in 1 of 2 (50%) episodes discharged at least 91 days ago.",
        f"Integration ({default_period().label}): 1 not yet assessable.",
        "",
        "Notes: A quiet summer.",
    ]


def test_the_schemes_own_schedule_is_the_plan(casework: SmallWorld) -> None:
    ScheduleRule.objects.create(
        scheme=casework.scheme,
        instrument_id="ons4",
        timepoint="baseline",
        rule="session",
        session_number=2,
    )
    fidelity = scheme_fidelity(casework.scheme)
    assert [(q.timepoint, q.when) for q in fidelity.questionnaires] == [
        ("Baseline", "at session 2")
    ]
    # With no follow-up in the schedule, none is counted as due.
    assert fidelity.follow_up is None
    assert "no follow-up is scheduled" in tidier_text(casework)["how_well_actual"]
