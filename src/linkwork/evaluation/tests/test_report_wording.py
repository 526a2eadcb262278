"""The report's opening lines read as sentences: plurals agree, times are in words."""

from __future__ import annotations

from django.template.loader import render_to_string

from linkwork.evaluation.report.withheld import mark_withheld


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


def test_the_delivery_models_show_both_estimands_in_words() -> None:
    report = {"title": "Evaluation", "scope": {"referrals": 90, "people": 90, "schemes": 8}}
    models = {
        "reference": "model 3",
        "n_reference": 30,
        "estimand": "Total effect: the difference in mean change between delivery models.",
        "at_same_sessions_estimand": "Effect at the same number of sessions: the rest.",
        "at_same_sessions_note": None,
        "effects": [
            {
                "group": "model 1",
                "n": 30,
                "estimate": 1.25,
                "ci_low": 0.5,
                "ci_high": 2.0,
                "p_value": 0.01,
                "at_same_sessions": {
                    "estimate": 0.75,
                    "ci_low": -0.1,
                    "ci_high": 1.6,
                    "p_value": 0.08,
                },
            },
            # A row hidden for disclosure has no figures at all.
            {
                "group": "model 4",
                "suppressed": True,
                "n": None,
                "estimate": None,
                "ci_low": None,
                "ci_high": None,
                "p_value": None,
                "at_same_sessions": None,
            },
        ],
        "n_people": 90,
        "n_left_out": 0,
        "n_practices": 16,
        "n_schemes": 8,
        "adjusted_for": ["baseline score", "deprivation quintile (as categories)"],
        "caveats": [],
    }
    block = {"name": "SWEMWBS", "baselines": 95, "summary": {"n": 90}, "delivery_models": models}
    marked = mark_withheld({"blocks": [block]})
    html = render_to_string("evaluation/_report_body.html", {"report": report, **marked})
    assert "<li>Total effect: the difference in mean change between delivery models.</li>" in html
    assert "<li>Effect at the same number of sessions: the rest.</li>" in html
    assert '<th class="num">Total effect</th>' in html
    assert '<th class="num">At the same number of sessions</th>' in html
    assert (
        '<td class="num">1.25</td><td class="num">0.5 to 2.0</td><td class="num">0.01</td>'
        '<td class="num">0.75</td><td class="num">-0.1 to 1.6</td><td class="num">0.08</td>'
    ) in html
    hidden = html.split("<td>model 4</td>")[1].split("</tr>")[0]
    # Every figure of the row, both estimands, says it is withheld, never a dash.
    assert hidden.count('<td class="num">not shown</td>') == 7
    assert "\u2013" not in hidden
