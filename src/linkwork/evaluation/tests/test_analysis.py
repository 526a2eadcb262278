"""The pure analysis on hand-made frames, cross-checked against independent calculations."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import polars as pl
import pytest
from scipy import stats as scipy_stats

from linkwork.evaluation.analysis import activity, quality
from linkwork.evaluation.analysis.comparisons import (
    AGE_MIDPOINTS,
    model_comparison,
    model_comparison_fit,
)
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.analysis.outcomes import instrument_results, paired_frame
from linkwork.evaluation.dataset.extract import frame
from linkwork.evaluation.dataset.spec import TABLE_BY_NAME
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.report.html import render_html
from linkwork.evaluation.simulation.world import World, draw_effects, draw_people
from linkwork.stats import delivery_model_comparison

BASELINES = [20.0, 18.5, 22.0, 15.8, 19.3, 21.5, 17.0, 16.4, 23.2, 18.0, 20.7, 19.9]
FOLLOW_UPS = [22.4, 19.0, 24.1, 18.2, 19.3, 23.0, 19.5, 17.4, 24.0, 21.1, 21.2, 22.8]


def tables(n: int = 12) -> dict[str, pl.DataFrame]:
    t = TABLE_BY_NAME

    def f(name: str, rows: Sequence[Mapping[str, object]]) -> pl.DataFrame:
        return frame(t[name], rows, identifiable=False)

    referrals = [
        {
            "referral_id": f"r{i}",
            "person": f"p{i}",
            "scheme_id": "s1",
            "practice_id": "pr1",
            "source": "gp" if i % 3 else "self",
            "received_on": date(2026, 1, 1),
            "age_band": "45-54",
            "status": "discharged" if i % 4 else "active",
            "waiting_days": i,
            "sessions_attended": i % 4 + 1,
            "sessions_missed": 0,
            "at_risk": False,
            "link_worker": "lw1",
        }
        for i in range(n)
    ]
    people = [
        {
            "person": f"p{i}",
            "scheme_id": "s1",
            "sex": "female" if i % 2 else "not_known",
            "ethnicity": "A" if i % 3 else "Z",
            "deprivation_quintile": i % 5 + 1,
            "postcode_status": "matched",
        }
        for i in range(n)
    ]
    scores = []
    for i in range(n):
        for timepoint, value, day in (
            ("baseline", BASELINES[i], date(2026, 1, 10)),
            ("follow_up", FOLLOW_UPS[i], date(2026, 5, 1)),
        ):
            scores.append(
                {
                    "administration_id": f"a{i}{timepoint}",
                    "referral_id": f"r{i}",
                    "person": f"p{i}",
                    "scheme_id": "s1",
                    "instrument_id": "swemwbs",
                    "definition_version": "1",
                    "kind": "validated",
                    "timepoint": timepoint,
                    "administered_on": day,
                    "primary_score": value,
                    "parts_json": "{}",
                }
            )
    return {
        "schemes": f(
            "schemes",
            [
                {
                    "scheme_id": "s1",
                    "scheme_name": "Test scheme",
                    "region": "R",
                    "country": "england",
                    "delivery_model": 3,
                }
            ],
        ),
        "practices": f(
            "practices",
            [
                {
                    "practice_id": "pr1",
                    "practice_name": "Practice",
                    "list_size": 6000,
                    "deprivation_quintile": 1,
                }
            ],
        ),
        "scheme_practices": f("scheme_practices", [{"scheme_id": "s1", "practice_id": "pr1"}]),
        "people": f("people", people),
        "referrals": f("referrals", referrals),
        "referral_reasons": f(
            "referral_reasons", [{"referral_id": f"r{i}", "reason": "housing"} for i in range(n)]
        ),
        "encounters": f(
            "encounters",
            [
                {
                    "encounter_id": f"e{i}",
                    "referral_id": f"r{i}",
                    "person": f"p{i}",
                    "scheme_id": "s1",
                    "occurred_on": date(2026, 1, 10),
                    "duration_minutes": 30,
                    "attended": True,
                    "recorded_lag_days": 0 if i % 2 else 9,
                }
                for i in range(n)
            ],
        ),
        "connections": f("connections", []),
        "outcome_scores": f("outcome_scores", scores),
        "implementation": f("implementation", []),
    }


def data(n: int = 12) -> EvaluationData:
    return EvaluationData(tables=tables(n), reference_date=date(2026, 6, 1))


def test_paired_change_matches_scipy() -> None:
    [block] = instrument_results(data(), threshold=10)
    summary = block["summary"]
    t = scipy_stats.ttest_rel(FOLLOW_UPS, BASELINES)
    differences = [b - a for a, b in zip(BASELINES, FOLLOW_UPS, strict=True)]
    mean = sum(differences) / len(differences)
    interval = t.confidence_interval(0.95)
    assert summary["n"] == 12
    assert summary["mean_change"] == pytest.approx(mean, abs=0.005)
    assert summary["ci_low"] == pytest.approx(interval.low, abs=0.005)
    assert summary["ci_high"] == pytest.approx(interval.high, abs=0.005)
    assert summary["p_value"] == pytest.approx(t.pvalue, abs=0.0001)
    sd = float(pl.Series(differences).std())  # type: ignore[arg-type]
    assert summary["effect_size_dz"] == pytest.approx(mean / sd, abs=0.005)
    # d_av: mean change over the average of the baseline and follow-up SDs (Lakens 2013, eq. 10),
    # computed here with numpy alone.
    average_sd = (np.std(BASELINES, ddof=1) + np.std(FOLLOW_UPS, ddof=1)) / 2
    d_av = (np.mean(FOLLOW_UPS) - np.mean(BASELINES)) / average_sd
    assert summary["effect_size_dav"] == pytest.approx(d_av, abs=0.005)
    assert summary["effect_size_dav"] != summary["effect_size_dz"]
    # SWEMWBS's minimal important change is 3 points: people 0, 5, 6 and 11 reach it? No:
    improved = sum(d >= 3 for d in differences)
    assert summary["improved"] == improved


def test_ons4_items_are_analysed_from_whichever_items_were_answered() -> None:
    """A follow-up with anxiety unanswered still pairs on the items that were answered."""
    t = tables()
    rows = []
    for i in range(12):
        # Item scores on a third of the SWEMWBS figures: varied enough for every breakdown.
        codes = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
        baseline = dict.fromkeys(codes, BASELINES[i] / 3)
        follow_up = dict.fromkeys(codes, FOLLOW_UPS[i] / 3)
        if i < 4:
            del follow_up["anxiety"]  # unanswered: missing for anxiety only
        for timepoint, parts, day in (
            ("baseline", baseline, date(2026, 1, 10)),
            ("follow_up", follow_up, date(2026, 5, 1)),
        ):  # fmt: skip
            rows.append(
                {
                    "administration_id": f"o{i}{timepoint}",
                    "referral_id": f"r{i}",
                    "person": f"p{i}",
                    "scheme_id": "s1",
                    "instrument_id": "ons4",
                    "definition_version": "1",
                    "kind": "validated",
                    "timepoint": timepoint,
                    "administered_on": day,
                    "primary_score": None,
                    "parts_json": json.dumps(parts, sort_keys=True),
                }
            )
    t["outcome_scores"] = frame(TABLE_BY_NAME["outcome_scores"], rows, identifiable=False)
    blocks = instrument_results(EvaluationData(tables=t, reference_date=date(2026, 6, 1)),
                                threshold=None)  # fmt: skip
    n = {block["instrument"]: block["summary"]["n"] for block in blocks}
    assert n == {
        "ons4.anxiety": 8,
        "ons4.happiness": 12,
        "ons4.life_satisfaction": 12,
        "ons4.worthwhile": 12,
    }
    by_item = {block["instrument"]: block["summary"] for block in blocks}
    changes = [(b - a) / 3 for a, b in zip(BASELINES, FOLLOW_UPS, strict=True)]
    # Anxiety pairs only the eight people who answered it at follow-up (i = 4..11).
    assert by_item["ons4.anxiety"]["mean_change"] == pytest.approx(sum(changes[4:]) / 8, abs=0.005)
    assert by_item["ons4.life_satisfaction"]["mean_change"] == pytest.approx(
        sum(changes) / 12, abs=0.005
    )


def test_small_groups_are_suppressed_for_external_audiences() -> None:
    [block] = instrument_results(data(), threshold=10)
    by_sex = {row["group"]: row for row in block["breakdowns"]["Sex"]}
    assert by_sex["female"]["suppressed"]
    assert by_sex["female"]["n"] is None
    assert by_sex["not_known"]["mean_change"] is None  # secondary: recoverable otherwise
    [open_block] = instrument_results(data(), threshold=None)
    assert {row["group"]: row["n"] for row in open_block["breakdowns"]["Sex"]} == {
        "female": 6,
        "not_known": 6,
    }


def test_too_few_people_suppresses_the_whole_instrument() -> None:
    [block] = instrument_results(data(8), threshold=10)
    assert block["summary"] == {"n": 8, "suppressed": True}
    assert "breakdowns" not in block


def test_scorecard_measures_completeness_and_timeliness() -> None:
    card = quality.scorecard(data(), by="scheme").row(0, named=True)
    assert card["n"] == 12
    assert card["ethnicity"] == pytest.approx(100 * 8 / 12, abs=0.05)  # Z means not stated
    assert card["sex"] == 50.0
    assert card["reason"] == 100.0
    assert card["baseline"] == 100.0
    assert card["paired"] == 100.0
    assert card["timely"] == 50.0
    # The three active episodes have had no session for over 90 days: stuck.
    assert card["not_stuck"] == 0.0
    assert card["worst"] == 0.0


def test_activity_figures() -> None:
    d = data()
    assert {r["group"]: r["n"] for r in activity.by_source(d)} == {"gp": 8, "self": 4}
    [rate] = activity.rates_by_practice_quintile(d)
    # Referrals received 1 January 2026, data to 1 June 2026: 152 days counted.
    years = 152 / 365.25
    assert activity.rate_period(d)["years"] == pytest.approx(years)
    assert rate["rate"] == pytest.approx(12 / (6000 * years) * 1000, abs=0.01)
    assert rate["low"] < rate["rate"] < rate["high"]
    waits = activity.waiting_times(d)["overall"]
    assert (waits["n"], waits["median"]) == (12, 5.5)
    sessions = {r["group"]: r["n"] for r in activity.sessions_per_person(d)}
    assert sessions == {"1": 3, "2": 3, "3 or more": 6}


def _spread_over(days: int) -> EvaluationData:
    """The same twelve referrals, received evenly from 1 January 2026 over `days` days."""
    t = tables()
    step = (days - 1) / 11
    received = [date.fromordinal(date(2026, 1, 1).toordinal() + round(i * step)) for i in range(12)]
    t["referrals"] = t["referrals"].with_columns(pl.Series("received_on", received))
    return EvaluationData(tables=t, reference_date=received[-1])


def test_reach_rates_are_per_year_so_two_years_of_referrals_halve_the_rate() -> None:
    [one_year] = activity.rates_by_practice_quintile(_spread_over(365))
    [two_years] = activity.rates_by_practice_quintile(_spread_over(730))
    # 12 referrals from 6,000 patients over 365 days: 2 per 1,000 a year (365.25-day years).
    assert one_year["rate"] == pytest.approx(12 / 6000 * 1000 * 365.25 / 365, abs=0.005)
    assert two_years["rate"] == pytest.approx(one_year["rate"] / 2, abs=0.005)
    assert two_years["high"] == pytest.approx(one_year["high"] / 2, abs=0.005)
    assert one_year["n"] == two_years["n"] == 12
    assert one_year["population"] == two_years["population"] == 6000
    [practice] = activity.rates_by_practice(_spread_over(730))
    assert practice["rate"] == two_years["rate"]


def test_report_says_reach_rates_are_per_year() -> None:
    report = build_report(_spread_over(730), audience="external")
    assert report["activity"]["rate_period"]["days"] == 730
    html = render_html(report)
    assert "Reach by deprivation: referrals per 1,000 registered patients per year" in html
    assert "over the 2.0 years from 2026-01-01 to 2027-12-31" in html
    assert "Per 1,000 per year" in html


def test_report_carries_n_and_caveats() -> None:
    report = build_report(data(), audience="external")
    assert report["suppression_threshold"] == 10
    assert len(report["caveats"]) >= 3
    assert report["scope"]["referrals"] == 10  # 12, rounded to the nearest 5 for outsiders
    assert build_report(data(), audience="scheme")["scope"]["referrals"] == 12
    assert all("n" in row for row in report["activity"]["by_source"])
    pairs = paired_frame(data())
    assert pairs.height == 12


def test_a_suppressed_service_row_still_names_its_service_and_need() -> None:
    """Suppression hides a small service's figures, not which service the row is about."""
    t = tables()

    def link(i: int, service: str, need: str) -> dict[str, object]:
        return {
            "connection_id": f"c{i}",
            "referral_id": f"r{i % 12}",
            "person": f"p{i % 12}",
            "scheme_id": "s1",
            "service_name": service,
            "need": need,
            "status": "completed",
            "made_on": date(2026, 2, 1),
            "first_attended_on": date(2026, 2, 8),
        }

    rows = [link(i, "Men's shed", "loneliness_isolation") for i in range(12)]
    rows += [link(12 + i, "Walking group", "physical_activity") for i in range(11)]
    rows += [link(23 + i, "Food bank", "food_fuel_poverty") for i in range(3)]
    t["connections"] = frame(TABLE_BY_NAME["connections"], rows, identifiable=False)
    report = build_report(
        EvaluationData(tables=t, reference_date=date(2026, 6, 1)), audience="external"
    )
    by_service = {r["service"]: r for r in report["activity"]["connections_by_service"]}
    # The largest stays (12, published rounded to 10); another hides the small one.
    assert by_service["Men's shed"]["n"] == 10
    assert by_service["Walking group"]["suppressed"]
    assert by_service["Walking group"]["need"] == "physical_activity"
    small = by_service["Food bank"]
    assert (small["suppressed"], small["n"], small["need"]) == (True, None, "food_fuel_poverty")


def _simulated_pairs() -> pl.DataFrame:
    world = World(people_per_practice=20)
    rng = np.random.default_rng(5)
    return draw_people(world, rng, *draw_effects(world, rng))


def test_the_model_comparison_states_both_estimands_and_fits_both() -> None:
    frame = _simulated_pairs()
    result = model_comparison(frame)
    assert result["reference"] == "model 3"
    assert result["estimand"].startswith("Total effect: the difference in mean change")
    assert "including any difference that comes from people attending" in result["estimand"]
    assert result["at_same_sessions_estimand"].startswith("Effect at the same number of sessions")
    assert result["at_same_sessions_note"] is None
    assert "deprivation quintile (as categories)" in result["adjusted_for"]
    conditional = model_comparison_fit(frame, at_same_sessions=True)
    total = model_comparison_fit(frame, at_same_sessions=False)
    assert [e["group"] for e in result["effects"]] == ["model 1", "model 2", "model 4"]
    for row, with_sessions, without in zip(
        result["effects"], conditional.effects, total.effects, strict=True
    ):
        assert row["estimate"] == round(without.estimate, 2)
        assert row["at_same_sessions"]["estimate"] == round(with_sessions.estimate, 2)
        assert row["at_same_sessions"]["ci_low"] == round(with_sessions.ci_low, 2)
        # Adjusting for sessions changes the answer: the two estimands differ.
        assert with_sessions.estimate != pytest.approx(without.estimate, abs=1e-3)


def test_deprivation_enters_the_model_comparison_as_categories() -> None:
    frame = _simulated_pairs()
    fitted = model_comparison_fit(frame, at_same_sessions=False)
    pairs = frame.filter(pl.col("change").is_not_null()).with_columns(
        pl.col("age_band").replace_strict(AGE_MIDPOINTS, default=None).alias("age"),
        (pl.col("sex") == "female").cast(pl.Int8).alias("female"),
        pl.col("practice_id").alias("practice"),
    )

    def by_hand(deprivation: pl.Expr) -> list[float]:
        result = delivery_model_comparison(
            pairs.with_columns(deprivation.alias("deprivation")),
            outcome_change="change",
            group="model",
            covariates=["baseline", "age", "female", "deprivation"],
            practice="practice",
            scheme="scheme_id",
            reference="3",
        )
        return [e.estimate for e in result.effects]

    as_categories = by_hand(pl.col("deprivation_quintile").cast(pl.String))
    as_a_line = by_hand(pl.col("deprivation_quintile").cast(pl.Float64))
    assert [e.estimate for e in fitted.effects] == pytest.approx(as_categories, abs=1e-6)
    assert as_categories != pytest.approx(as_a_line, abs=1e-4)
