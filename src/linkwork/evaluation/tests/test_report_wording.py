"""The report's opening lines read as sentences: plurals agree, times are in words."""

from __future__ import annotations

from django.template.loader import render_to_string


def test_one_scheme_is_one_scheme_and_the_time_is_in_words() -> None:
    report = {
        "title": "Evaluation",
        "generated_at": "2026-12-03T08:25:00+00:00",
        "scope": {"referrals": 1, "people": 1, "schemes": 1, "practices": 2},
    }
    html = render_to_string("evaluation/_report_body.html", {"report": report})
    assert "1 referral of 1 person in 1 scheme and 2 practices" in html
    assert "Generated 3 December 2026 at 08:25" in html
    assert "T08:25:00" not in html


def test_both_effect_sizes_are_given_and_said_in_words() -> None:
    report = {"title": "Evaluation", "scope": {"referrals": 20, "people": 20, "schemes": 1}}
    summary = {
        "n": 20,
        "mean_baseline": 20.1,
        "mean_follow_up": 22.3,
        "mean_change": 2.2,
        "ci_low": 1.1,
        "ci_high": 3.3,
        "effect_size_dz": 0.91,
        "effect_size_dav": 0.52,
    }
    block = {"name": "SWEMWBS", "baselines": 25, "summary": summary}
    html = render_to_string("evaluation/_report_body.html", {"report": report, "blocks": [block]})
    assert "d<sub>z</sub> = 0.91 (mean change divided by the standard deviation of" in html
    assert (
        "d<sub>av</sub> = 0.52 (mean change divided by the average of the baseline and "
        "follow-up standard deviations; the one to compare with studies that report "
        "Cohen's d between groups)"
    ) in html
