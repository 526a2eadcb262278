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
