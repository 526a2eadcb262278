"""Baseline-to-latest change, classified by each instrument's minimal important change."""

from __future__ import annotations

import pytest

from linkwork.outcomes.selectors import (
    outcome_changes_for_episode,
    outcome_score_rows,
    person_outcome_panel,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def discharged(make_episode):
    return make_episode(sessions=4, days_ago=200, discharged_days_ago=100)


@pytest.mark.parametrize(
    ("baseline", "follow_up", "classification", "change"),
    [
        ([3] * 7, [4, 4, 4, 4, 3, 3, 3], "improved", 3.1),  # raw 21 -> 25: 19.25 -> 22.35
        ([3] * 7, [4, 3, 3, 3, 3, 3, 3], "no_meaningful_change", 0.73),
        ([4] * 7, [3, 3, 3, 3, 3, 3, 3], "worse", -5.78),
    ],
)
def test_swemwbs_change_uses_the_metric_and_its_mic(
    discharged, link_worker, give, baseline, follow_up, classification, change
) -> None:
    give(discharged, link_worker, "swemwbs", "baseline", baseline, 7)
    give(discharged, link_worker, "swemwbs", "follow_up", follow_up, 200)
    (row,) = outcome_changes_for_episode(referral=discharged)
    assert row["measure"] == "metric"
    assert row["classification"] == classification
    assert row["change"] == change
    assert row["mic"] == 3.0


def test_ons4_change_uses_the_items_answered_at_both_times(discharged, link_worker, give) -> None:
    give(discharged, link_worker, "ons4", "baseline", [4, None, 4, 7], 7)
    give(discharged, link_worker, "ons4", "follow_up", [7, 6, 5, None], 200)
    rows = outcome_changes_for_episode(referral=discharged)
    # Worthwhile was unanswered at baseline and anxiety at follow-up: only these two pair.
    assert {r["measure"]: r["change"] for r in rows} == {"life_satisfaction": 3, "happiness": 1}


def test_phq9_improves_when_it_falls(discharged, link_worker, give) -> None:
    give(discharged, link_worker, "phq9", "baseline", [2, 2, 2, 2, 2, 2, 2, 2, 0], 7)
    give(discharged, link_worker, "phq9", "review", [1, 1, 1, 1, 1, 1, 1, 1, 0], 28)
    (row,) = outcome_changes_for_episode(referral=discharged)
    assert (row["baseline"], row["latest"], row["change"]) == (16, 8, -8)
    assert row["classification"] == "improved"
    assert row["latest_timepoint"] == "Review"
    assert row["higher_is_better"] is False


def test_ons4_items_change_without_a_classification(discharged, link_worker, give) -> None:
    give(discharged, link_worker, "ons4", "baseline", [4, 4, 4, 7], 7)
    give(discharged, link_worker, "ons4", "follow_up", [7, 6, 5, 3], 200)
    rows = {r["measure"]: r for r in outcome_changes_for_episode(referral=discharged)}
    assert {m: r["change"] for m, r in rows.items()} == {
        "life_satisfaction": 3,
        "worthwhile": 2,
        "happiness": 1,
        "anxiety": -4,
    }
    assert {r["classification"] for r in rows.values()} == {None}
    assert str(rows["anxiety"]["classification_label"]).startswith("Not classified")


def test_no_change_without_a_baseline_and_a_later_score(discharged, link_worker, give) -> None:
    give(discharged, link_worker, "ucla3", "baseline", [2, 2, 2], 7)
    assert outcome_changes_for_episode(referral=discharged) == []


def test_the_panel_shows_scores_over_time_and_the_latest_change(
    discharged, link_worker, give
) -> None:
    give(discharged, link_worker, "swemwbs", "baseline", [3] * 7, 7)
    give(discharged, link_worker, "swemwbs", "review", [3, 3, 3, 3, 4, 4, 4], 28)
    give(discharged, link_worker, "swemwbs", "follow_up", [4, 4, 4, 4, 4, 3, 3], 200)
    give(discharged, link_worker, "pam", "baseline", {"score": 47.5, "level": 2}, 7)
    panel = person_outcome_panel(person=discharged.person)
    assert [g.kind for g in panel.groups] == ["validated", "licensed"]
    (swemwbs,) = panel.groups[0].instruments
    assert [row.values for row in swemwbs.rows] == [("19.25",), ("21.54",), ("23.21",)]
    assert [row.timepoint for row in swemwbs.rows] == ["Baseline", "Review", "Follow-up"]
    (line,) = swemwbs.chart.lines
    assert len(line.points) == 3
    assert line.points[0].y > line.points[2].y  # higher scores sit higher on the chart
    (change,) = swemwbs.changes
    assert (change.classification, change.change) == ("improved", 3.96)
    (pam,) = panel.groups[1].instruments
    assert pam.measure_labels == ("Activation score", "Activation level")
    assert pam.changes == ()


def test_tidy_score_rows(discharged, link_worker, give) -> None:
    give(discharged, link_worker, "swemwbs", "baseline", [3] * 7, 7)
    give(discharged, link_worker, "ons4", "baseline", [4, 5, 6, 7], 7)
    rows = {r["instrument_id"]: r for r in outcome_score_rows(scheme_ids=[discharged.scheme_id])}
    assert rows["swemwbs"]["primary_score"] == 19.25
    assert rows["swemwbs"]["primary_measure"] == "metric"
    assert rows["swemwbs"]["total"] == 21
    assert rows["swemwbs"]["parts_json"] == "{}"
    assert rows["ons4"]["primary_score"] is None
    assert rows["ons4"]["parts_json"] == (
        '{"anxiety": 7, "happiness": 6, "life_satisfaction": 4, "worthwhile": 5}'
    )
    assert rows["ons4"]["kind"] == "validated"
    assert outcome_score_rows(scheme_ids=[]) == []
