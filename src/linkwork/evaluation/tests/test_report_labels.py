"""The evaluation report names every group in words (sources, needs, reasons, statuses, sex,
delivery models) in its tables and charts; the codes stay in the JSON for analysts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.report.html import render_html
from linkwork.evaluation.report.labels import labelled
from linkwork.testing.visible import raw_codes_in, visible_text
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db

# One-word codes are ordinary words, so look for them where a label belongs: a table cell.
ONE_WORD_CODES = ("gp", "dwp", "self", "discharged", "active", "declined", "female", "male")


def cells(html: str) -> set[str]:
    return {visible_text(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)}


def chart_labels(html: str) -> set[str]:
    return set(re.findall(r'<text class="lw-label"[^>]*>([^<]*)</text>', html))


def test_the_dashboard_report_reads_in_words(casework: SmallWorld) -> None:
    manager = Client()
    manager.force_login(casework.users[Role.SCHEME_MANAGER])
    manager.post(reverse("evaluation:run"))
    job = ReportJob.objects.get()
    assert job.result is not None
    assert {row["group"] for row in job.result["activity"]["by_source"]} >= {"gp", "dwp"}
    html = manager.get(reverse("evaluation:dashboard")).content.decode()
    text = visible_text(html)
    assert raw_codes_in(text) == []
    assert not cells(html) & set(ONE_WORD_CODES)
    assert not chart_labels(html) & set(ONE_WORD_CODES)
    for label in ("GP", "Department for Work and Pensions (DWP)", "Loneliness or isolation"):
        assert label in cells(html)
        # A long label is cut short in the chart, at a word, with the table giving it whole.
        assert any(label.startswith(shown.rstrip("…")) for shown in chart_labels(html)), label
    assert {"Goals met", "Discharged"} <= cells(html)
    # The downloadable report is the same page, and reads the same way.
    assert raw_codes_in(visible_text(render_html(job.result))) == []


def test_outcome_breakdowns_and_models_are_named() -> None:
    block = {
        "instrument": "ons4",
        "breakdowns": {
            "Sex": [{"group": "female"}, {"group": "not recorded"}],
            "Delivery model": [{"group": "3"}, {"group": "unclassified"}],
            "Ethnicity": [{"group": "S1A"}, {"group": "Not recorded"}],
            "Age band": [{"group": "25-34"}],
        },
        "delivery_models": {"reference": "model 3", "effects": [{"group": "model 1"}]},
    }
    report: dict[str, Any] = {
        "outcomes": [block],
        "implementation": [{"group": "not_assessable"}],
        "activity": {
            "connections_by_service": [{"service": "Men's shed", "need": "loneliness_isolation"}]
        },
    }
    named = labelled(report)
    parts = named["outcomes"][0]["breakdowns"]
    assert [r["group"] for r in parts["Sex"]] == ["Female", "Not recorded"]
    assert [r["group"] for r in parts["Delivery model"]] == [
        "Model 3: Commissioned VCSE employs and manages",
        "Not classified",
    ]
    assert [r["group"] for r in parts["Ethnicity"]] == ["White: Scottish", "Not recorded"]
    assert parts["Age band"] == [{"group": "25-34"}]
    models = named["outcomes"][0]["delivery_models"]
    assert models["reference"].startswith("Model 3: ")
    assert models["effects"][0]["group"].startswith("Model 1: ")
    assert named["implementation"][0]["group"] == "Not yet assessable"
    assert named["activity"]["connections_by_service"][0]["group"] == (
        "Men's shed (Loneliness or isolation)"
    )
    assert report["implementation"][0]["group"] == "not_assessable"  # the stored report stays
