"""Withheld figures read in words on the report's pages, never as a bare dash, and apart
from figures the analysis could not work out."""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string

from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.report.disclosure import withhold
from linkwork.evaluation.report.html import render_html
from linkwork.evaluation.report.withheld import WITHHELD, mark_withheld
from linkwork.evaluation.tests.test_disclosure_attacks import world

DASHES = "\u2012\u2013\u2014\u2015\u2212"


def _text(html: str) -> str:
    """The words a reader sees: tags, styles and charts' markup left out."""
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " | ", html)


def test_no_dash_stands_for_a_number_in_a_report_with_hidden_groups() -> None:
    report = build_report(
        world([("North", 2, 4), ("North", 3, 33), ("South", 3, 41)]), audience="external"
    )
    html = render_html(report)
    text = _text(html)
    assert not [ch for ch in DASHES if ch in text], re.findall(rf".{{30}}[{DASHES}].{{30}}", text)
    assert not re.search(r"\|\s*-\s*\|", text)  # a hyphen alone in a cell
    assert "None" not in text
    # The small scheme's row is there, withheld in words.
    row = re.search(r"Scheme 0 \|\s*\| ([^|]*) \|", text)
    assert row is not None
    assert row.group(1) == "not shown"
    assert "not shown (to protect a small group)" in text  # and the key says what it means


def test_no_dash_stands_for_a_number_for_the_schemes_own_managers() -> None:
    # Nothing is withheld here; figures the analysis cannot give are said to be missing.
    report = build_report(world([("North", 2, 4), ("South", 3, 41)]), audience="scheme")
    report["activity"]["waiting_times"]["overall"].update(median=None, p90=None)
    text = _text(render_html(report))
    assert not [ch for ch in DASHES if ch in text]
    assert "median not available" in text
    assert "not shown" not in text


def _body(report: dict[str, Any], blocks: list[dict[str, Any]] | None = None) -> str:
    return _text(
        render_to_string(
            "evaluation/_report_body.html", {"report": mark_withheld(report), "blocks": blocks}
        )
    )


def test_a_withheld_count_in_a_sentence_reads_as_words() -> None:
    scope = {"referrals": 80, "people": 60, "schemes": 3, "practices": 2}
    withhold(scope, "people")
    text = _body({"title": "Evaluation", "scope": scope, "suppression_threshold": 10})
    assert (
        "80 referrals of people (their number is not shown, to protect a small group) "
        "in 3 schemes" in " ".join(text.split())
    )


def test_a_withheld_figure_and_a_missing_one_read_differently() -> None:
    row = {"group": "walking", "n": None, "percent": None, "suppressed": True}
    missing = {"group": "cycling", "n": 12, "percent": None}
    marked = mark_withheld({"rows": [row, missing]})
    assert marked["rows"][0]["n"] is WITHHELD
    assert marked["rows"][0]["percent"] is WITHHELD
    assert marked["rows"][1]["percent"] is None  # no total to take it of: not withheld
    html = _text(render_to_string("evaluation/_counts.html", {"rows": marked["rows"]}))
    cells = [c.strip() for c in html.split("|") if c.strip()]
    assert cells[-6:] == ["walking", "not shown", "not shown", "cycling", "12", "not available"]


def test_a_suppressed_outcome_does_not_say_why() -> None:
    # Hidden to protect another group or for its own size: the page says the same.
    summary = {"n": None, "suppressed": True}
    block = {"name": "SWEMWBS", "instrument": "swemwbs", "baselines": None, "summary": summary}
    withhold(block, "baselines")
    report = {"title": "E", "scope": {"referrals": 50, "people": 50}, "outcomes": [block]}
    text = " ".join(_body(report, mark_withheld(report)["outcomes"]).split())
    assert "The change in scores is not shown (to protect a small group)." in text
    assert "Fewer than" not in text
