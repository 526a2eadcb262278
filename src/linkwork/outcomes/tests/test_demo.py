"""The demo part records scores whose planted effects the evaluation can be checked against."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from statistics import stdev

import pytest
from django.utils import timezone

from linkwork.demo.context import DemoContext
from linkwork.demo.context_dates import PINNED_REFERENCE_DATE as REFERENCE_DATE
from linkwork.demo.parts.outcomes import (
    EFFECT_BY_SESSIONS,
    MISSING_FOLLOW_UP_RATE,
    _Episode,
    _Writer,
    build_outcomes,
    responses_for,
)
from linkwork.outcomes.models import Administration, RiskAlert
from linkwork.outcomes.scoring import get_definition, score


def quiet(seed: int) -> DemoContext:
    return DemoContext(seed=seed, log=lambda message: None, today=REFERENCE_DATE)


@pytest.mark.parametrize("level", [7.0, 15.32, 19.25, 22.35, 35.0])
def test_swemwbs_answers_hit_the_metric_asked_for(level: float) -> None:
    answers, _clipped = responses_for("swemwbs", level, random.Random(1))
    result = score(get_definition("swemwbs"), answers)
    assert result.metric == level


def synthetic(count: int, sessions: int) -> list[_Episode]:
    first = REFERENCE_DATE - timedelta(days=300)
    return [
        _Episode(
            referral_id=uuid.UUID(int=sessions * 100_000 + n),
            scheme_id=uuid.UUID(int=1),
            person_id=uuid.UUID(int=n),
            status="discharged",
            closed_on=first + timedelta(days=60),
            quintile="3",
            model="1",
            tools=["swemwbs", "phq9"],
            sessions=[first + timedelta(days=7 * k) for k in range(sessions)],
            staff=uuid.UUID(int=2),
        )
        for n in range(count)
    ]


def test_realised_effects_match_what_was_planted() -> None:
    episodes = synthetic(600, 1) + synthetic(600, 2) + synthetic(600, 4)
    writer = _Writer(quiet(5), random.Random(5), REFERENCE_DATE, episodes)
    writer.episodes(episodes)
    realised = writer.realised_changes()

    def within_noise(measure: dict[str, float]) -> float:
        # Each person's noise is independent: the mean lands within about three standard
        # errors of the plan, plus rounding to whole answers.
        return 3.5 * measure["sd_change"] / measure["n"] ** 0.5 + 0.05

    for band, effect in EFFECT_BY_SESSIONS.items():
        # Model 1 and quintile 3 add nothing, so the mean change is the sessions effect.
        swemwbs_band, phq9_band = realised["swemwbs"][band], realised["phq9"][band]
        assert swemwbs_band["mean_change"] == pytest.approx(effect, abs=within_noise(swemwbs_band))
        assert phq9_band["mean_change"] == pytest.approx(
            -effect * 5 / 3.5, abs=within_noise(phq9_band)
        )
    assert realised["swemwbs"]["3+"]["mean_change"] > realised["swemwbs"]["1"]["mean_change"] + 1
    built = writer.built
    # ... while each person's change keeps its realistic spread.
    swemwbs = [a for a in built.administrations if a.instrument_id == "swemwbs"]
    baseline = {a.referral_id: a.scores["primary"] for a in swemwbs if a.timepoint == "baseline"}
    changes = [
        a.scores["primary"] - baseline[a.referral_id] for a in swemwbs if a.timepoint == "follow_up"
    ]
    assert 1.7 < stdev(changes) < 2.6
    for band, rate in MISSING_FOLLOW_UP_RATE.items():
        assert built.follow_ups_missing[band] / built.follow_ups_due[band] == pytest.approx(
            rate, abs=0.06
        )


@pytest.mark.django_db
def test_nothing_without_sessions(world) -> None:
    ctx = quiet(1)
    assert build_outcomes(ctx) == {"administrations": 0}
    assert "outcomes" not in ctx.planted


@pytest.mark.django_db
def test_builds_from_the_casework_in_the_database(make_episode) -> None:
    days = (timezone.localdate() - REFERENCE_DATE).days
    for sessions in (1, 2, 3, 4, 5, 6):
        make_episode(sessions=sessions, days_ago=days + 300, discharged_days_ago=days + 200)
    make_episode(sessions=2, days_ago=days + 40)  # still open: baseline only
    ctx = quiet(7)
    summary = build_outcomes(ctx)
    administrations = list(Administration.objects.order_by("id"))
    assert summary["administrations"] == len(administrations) > 0
    # Only the validated tools of the scheme's policy; licensed ones are not simulated.
    assert {a.instrument_id for a in administrations} <= {
        "swemwbs",
        "ons4",
        "wemwbs",
        "ucla3",
        "phq9",
        "gad7",
    }
    for administration in administrations:
        definition = get_definition(administration.instrument_id)
        rescored = score(definition, administration.responses)
        assert rescored.to_json_dict().items() <= administration.scores.items()
        assert administration.administered_on <= REFERENCE_DATE
        if administration.timepoint == "follow_up":
            closed_on = administration.referral.closed_on
            assert closed_on is not None
            assert administration.administered_on >= closed_on + timedelta(days=28)
    planted = ctx.planted["outcomes"]
    assert planted["effect_by_sessions"] == {"1": 0.5, "2": 1.0, "3+": 2.5}
    assert set(planted["effect_by_delivery_model"]) >= {"1", "2", "3", "4"}
    assert set(planted["effect_by_deprivation_quintile"]) >= {"1", "2", "3", "4", "5"}
    assert planted["instruments"]["swemwbs"]["measure"] == "metric"
    assert planted["realised"]["administrations"] == len(administrations)
    # The same seed builds the same questionnaires.
    before = [(a.pk, a.responses) for a in administrations]
    RiskAlert.objects.all().delete()
    Administration.objects.all().delete()
    build_outcomes(quiet(7))
    assert [(a.pk, a.responses) for a in Administration.objects.order_by("id")] == before
