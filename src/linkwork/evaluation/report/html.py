"""Rendering the evaluation report as one self-contained HTML file: styles and charts are
inside the file, and nothing is fetched from anywhere when it is opened."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from linkwork.evaluation.report.charts import Bar, bar_chart, forest_plot
from linkwork.evaluation.report.labels import labelled
from linkwork.evaluation.report.withheld import mark_withheld
from linkwork.lookups.selectors import DEPRIVATION_SOURCE_LABELS


def _bars(
    rows: list[dict[str, Any]],
    value: str,
    label: str = "group",
    low: str | None = None,
    high: str | None = None,
) -> list[Bar]:
    return [
        Bar(
            str(r.get(label)),
            r.get(value),
            r.get(low) if low else None,
            r.get(high) if high else None,
        )
        for r in rows
    ]


def practice_deprivation_note(sources: dict[str, int]) -> str:
    """Says where the practices' quintiles come from, in words."""
    parts = [
        f"{DEPRIVATION_SOURCE_LABELS[key]} for {count} practice{'' if count == 1 else 's'}"
        for key, count in sources.items()
        if count
    ]
    return f" (quintile {'; '.join(parts)})" if parts else ""


def charts_for(report: dict[str, Any]) -> dict[str, Any]:
    act = report["activity"]
    charts: dict[str, Any] = {
        "quality": bar_chart(
            "Overall recording completeness by scheme (%)",
            _bars(report["data_quality"]["by_scheme"], "overall", "unit"),
            unit="%",
        ),
        "source": bar_chart("Referrals by source", _bars(act["by_source"], "n")),
        "reason": bar_chart("Referrals by reason", _bars(act["by_reason"], "n")),
        "quintile_rates": bar_chart(
            "Referrals per 1,000 registered patients per year by practice deprivation quintile"
            + practice_deprivation_note(act.get("practice_deprivation_sources", {})),
            _bars(act["rates_by_practice_quintile"], "rate", low="low", high="high"),
        ),
        "sessions": bar_chart(
            "People by number of sessions attended", _bars(act["sessions_per_person"], "n")
        ),
        "outcomes": {},
    }
    for block in report["outcomes"]:
        if "dose_response" not in block:
            continue
        models = block.get("delivery_models", {}).get("effects", [])
        charts["outcomes"][block["instrument"]] = {
            "dose": forest_plot(
                f"{block['name']}: mean change by sessions attended",
                _bars(block["dose_response"], "mean_change", low="ci_low", high="ci_high"),
            ),
            "deprivation": forest_plot(
                f"{block['name']}: difference from the least deprived quintile",
                _bars(
                    block.get("deprivation", {}).get("effects", []),
                    "estimate",
                    low="ci_low",
                    high="ci_high",
                ),
            )
            if block.get("deprivation", {}).get("effects")
            else "",
            "models": forest_plot(
                f"{block['name']}: difference from {block['delivery_models'].get('reference')}",
                _bars(models, "estimate", low="ci_low", high="ci_high"),
            )
            if models
            else "",
        }
    return {k: (mark_safe(v) if isinstance(v, str) else v) for k, v in charts.items()}  # noqa: S308


def report_context(report: dict[str, Any]) -> dict[str, Any]:
    """What the report body template needs: the figures, their charts, and per-instrument
    blocks with their own charts, every group named in words and every withheld figure
    marked so the page says so in words."""
    report = labelled(report)
    charts = charts_for(report)
    report = mark_withheld(report)
    outcome_charts = {
        key: {name: mark_safe(svg) for name, svg in value.items()}  # noqa: S308
        for key, value in charts.pop("outcomes").items()
    }
    blocks = [
        {**block, "charts": outcome_charts.get(block["instrument"], {})}
        for block in report["outcomes"]
    ]
    return {"report": report, "charts": charts, "blocks": blocks}


def render_html(report: dict[str, Any]) -> str:
    return render_to_string("evaluation/report.html", report_context(report))
