"""Financial gains in the evaluation: totals and amounts per person seen by scheme, delivery
model, deprivation quintile and type, and how an outside audience sees them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl

from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.analysis.financial import financial_gains
from linkwork.evaluation.dataset.extract import frame
from linkwork.evaluation.dataset.spec import TABLE_BY_NAME
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.report.html import render_html
from linkwork.evaluation.tests.test_disclosure_attacks import world


def _f(name: str, rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    return frame(TABLE_BY_NAME[name], rows, identifiable=False)


def small_world() -> EvaluationData:
    """Scheme A (model 1): three people seen, one not; scheme B (model 2): one seen."""
    schemes = [
        {"scheme_id": "a", "scheme_name": "A", "region": "North", "delivery_model": 1},
        {"scheme_id": "b", "scheme_name": "B", "region": "North", "delivery_model": 2},
    ]
    people = [
        {"person": f"p{i}", "scheme_id": s, "deprivation_quintile": q}
        for i, s, q in ((1, "a", 1), (2, "a", 1), (3, "a", 5), (4, "a", None), (5, "b", 2))
    ]
    referrals = [
        {
            "referral_id": f"r{i}",
            "person": f"p{i}",
            "scheme_id": s,
            "received_on": date(2026, 1, i),
            "sessions_attended": sessions,
        }
        for i, s, sessions in ((1, "a", 2), (2, "a", 1), (3, "a", 4), (4, "a", 0), (5, "b", 3))
    ]
    gains = [
        # (id, referral, type, pence, yearly)
        ("g1", "r1", "benefit_award", 300_000, True),
        ("g2", "r1", "grant", 25_050, False),
        ("g3", "r3", "grant", 10_000, False),
        ("g4", "r5", "debt_written_off", 120_000, False),
        ("g5", "r4", "grant", 99_900, False),  # nobody attended: left out
    ]
    tables = {
        "schemes": _f("schemes", schemes),
        "people": _f("people", people),
        "referrals": _f("referrals", referrals),
        "financial_gains": _f(
            "financial_gains",
            [
                {
                    "gain_id": g,
                    "referral_id": r,
                    "person": "x",
                    "scheme_id": "a",
                    "gain_type": kind,
                    "amount_pence": pence,
                    "annual": yearly,
                    "recorded_on": date(2026, 3, 1),
                }
                for g, r, kind, pence, yearly in gains
            ],
        ),
    }
    return EvaluationData(tables=tables, reference_date=date(2026, 6, 1))


def test_totals_and_amounts_per_person_seen_by_scheme_model_and_quintile() -> None:
    result = financial_gains(small_world())
    overall = result["overall"]
    # £3,000 + £250.50 + £100 + £1,200 for four people seen, three with a gain.
    assert overall == {
        "group": "all",
        "n": 4,
        "with_gain": 3,
        "total": 4551,
        "annual_total": 3000,
        "per_person": 1138,
        "per_person_with_gain": 1517,
        "gains": 4,
    }
    by_scheme = {row["group"]: row for row in result["by_scheme"]}
    assert (by_scheme["A"]["n"], by_scheme["A"]["with_gain"], by_scheme["A"]["total"]) == (
        3,
        2,
        3351,
    )
    assert by_scheme["A"]["per_person"] == 1117  # 3350.50 / 3
    assert by_scheme["B"]["per_person_with_gain"] == 1200
    models = {row["group"]: row["total"] for row in result["by_delivery_model"]}
    assert models == {"1": 3351, "2": 1200}
    quintiles = {row["group"]: (row["n"], row["total"]) for row in result["by_deprivation"]}
    assert quintiles == {"1": (2, 3251), "2": (1, 1200), "5": (1, 100)}


def test_gains_by_type_count_people_and_gains() -> None:
    by_type = {row["group"]: row for row in financial_gains(small_world())["by_type"]}
    assert by_type["grant"] == {"group": "grant", "n": 2, "gains": 2, "total": 351}
    assert by_type["benefit_award"]["total"] == 3000
    assert next(iter(by_type)) == "benefit_award"  # largest total first


def test_a_package_without_financial_gains_has_none() -> None:
    data = small_world()
    tables = dict(data.tables)
    del tables["financial_gains"]
    result = financial_gains(EvaluationData(tables=tables, reference_date=data.reference_date))
    assert result["overall"]["total"] == 0
    assert result["overall"]["per_person"] == 0
    assert result["by_type"] == []


def test_outsiders_see_totals_to_the_nearest_100_and_per_person_from_them() -> None:
    data = world([("North", 2, 4), ("North", 3, 33), ("South", 3, 41)])
    own = build_report(data, audience="scheme")["financial_gains"]
    report = build_report(data, audience="external")["financial_gains"]
    overall = report["overall"]
    assert overall["total"] % 100 == 0
    assert abs(overall["total"] - own["overall"]["total"]) <= 50
    assert overall["n"] % 5 == 0
    assert overall["per_person"] == round(overall["total"] / overall["n"])
    assert overall["per_person_with_gain"] == round(overall["total"] / overall["with_gain"])
    schemes = {row["group"]: row for row in report["by_scheme"]}
    # Scheme 0 has four people: neither they nor their money is shown.
    assert schemes["Scheme 0"]["suppressed"] is True
    assert schemes["Scheme 0"]["total"] is None
    assert "total" in schemes["Scheme 0"]["hidden"]
    # The scheme's own managers see every pound.
    assert not any(row.get("suppressed", False) for row in own["by_scheme"])
    assert {row["group"] for row in own["by_scheme"]} == {"Scheme 0", "Scheme 1", "Scheme 2"}


def test_the_page_has_a_financial_gains_section_in_words() -> None:
    data = world([("North", 2, 4), ("North", 3, 33), ("South", 3, 41)])
    html = render_html(build_report(data, audience="external"))
    assert "<h2>Financial gains</h2>" in html
    assert "Benefit awarded or increased" in html
    assert "benefit_award" not in html
    assert "Model 2:" in html  # delivery models named in words
    assert "Per person seen (£)" in html
    assert "Totals are rounded to the nearest £100" in html
    total = build_report(data, audience="external")["financial_gains"]["overall"]["total"]
    assert total >= 1000  # so the sentence must group its thousands
    assert f"£{total:,} in total" in html
