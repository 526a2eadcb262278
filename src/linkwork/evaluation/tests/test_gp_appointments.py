"""GP appointments before and after referral in the evaluation: the mean paired change on a
yearly scale with its t interval, the plain statement that it is an uncontrolled
before-and-after comparison, small groups hidden from outside audiences, and the common
dataset's table read from the live database."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from scipy import stats

from linkwork.accounts.roles import Role
from linkwork.core.clock import today
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.analysis.gp_appointments import STATEMENT, gp_appointments
from linkwork.evaluation.dataset.extract import ExportFilters, extract, frame
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser
from linkwork.evaluation.dataset.spec import DATASET_VERSION, TABLE_BY_NAME
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.report.html import render_html
from linkwork.evaluation.tests.test_analysis import tables
from linkwork.evaluation.tests.test_disclosure_attacks import world
from linkwork.testing.world import SmallWorld, refer_and_start
from linkwork.workforce.gp_services import GpCounts, gp_appointments_record


def gp(rows: list[tuple[str, str, int, int, int]]) -> pl.DataFrame:
    return frame(
        TABLE_BY_NAME["gp_appointments"],
        [
            {
                "referral_id": r,
                "person": f"p{r}",
                "scheme_id": s,
                "window_months": w,
                "count_before": before,
                "count_after": after,
                "source": "practice_record",
            }
            for r, s, w, before, after in rows
        ],
        identifiable=False,
    )


def with_gp(base: EvaluationData | dict[str, pl.DataFrame], rows: pl.DataFrame) -> EvaluationData:
    if isinstance(base, EvaluationData):
        return EvaluationData(
            tables={**base.tables, "gp_appointments": rows}, reference_date=base.reference_date
        )
    return EvaluationData(tables={**base, "gp_appointments": rows}, reference_date=date(2026, 6, 1))


def test_the_change_is_on_a_yearly_scale_with_a_paired_t_interval() -> None:
    # Six months' counts count double, twelve months' once.
    rows = [("r0", "s1", 6, 5, 2), ("r1", "s1", 12, 9, 8), ("r2", "s1", 6, 3, 3)]
    result = gp_appointments(with_gp(tables(3), gp(rows)))
    before, after = [10.0, 9.0, 6.0], [4.0, 8.0, 6.0]
    change = [a - b for a, b in zip(after, before, strict=True)]
    mean = sum(change) / 3
    sd = (sum((c - mean) ** 2 for c in change) / 2) ** 0.5
    half = stats.t.ppf(0.975, 2) * sd / 3**0.5
    overall = result["overall"]
    assert (overall["n"], overall["mean_before"], overall["mean_after"]) == (3, 8.3, 6.0)
    assert overall["mean_change"] == round(mean, 1)
    assert (overall["ci_low"], overall["ci_high"]) == (round(mean - half, 1), round(mean + half, 1))
    assert result["statement"] == STATEMENT
    assert "uncontrolled before-and-after comparison" in STATEMENT
    assert result["windows"] == [6, 12]


def test_one_person_gives_no_interval_and_says_why() -> None:
    result = gp_appointments(with_gp(tables(3), gp([("r0", "s1", 12, 4, 1)])))
    overall = result["overall"]
    assert overall["n"] == 1
    assert overall["ci_low"] is None
    assert "Too few people" in overall["note"]


def test_a_package_without_counts_has_no_section() -> None:
    data = EvaluationData(tables=tables(3), reference_date=date(2026, 6, 1))
    assert gp_appointments(data)["overall"] is None
    html = render_html(build_report(data, audience="scheme"))
    assert "GP appointments before and after" not in html


def test_the_report_states_plainly_what_the_comparison_is() -> None:
    rows = [(f"r{i}", "s1", 6, 4 + i % 3, 2 + i % 2) for i in range(12)]
    report = build_report(with_gp(tables(12), gp(rows)), audience="scheme")
    html = render_html(report)
    assert "This is an uncontrolled before-and-after comparison" in html
    overall = report["gp_appointments"]["overall"]
    assert (
        f"a mean change of {overall['mean_change']} (95% CI {overall['ci_low']} to "
        f"{overall['ci_high']}), n = 12" in html
    )


def test_outsiders_see_small_schemes_hidden_and_counts_rounded() -> None:
    base = world([("North", 2, 4), ("North", 3, 33), ("South", 3, 41)])
    referrals = base.tables["referrals"].select("referral_id", "scheme_id").iter_rows()
    rows = [(r, s, 6, 3 + i % 4, 1 + i % 3) for i, (r, s) in enumerate(referrals)]
    data = with_gp(base, gp(rows))
    own = {
        r["group"]: r for r in build_report(data, audience="scheme")["gp_appointments"]["by_scheme"]
    }
    outside = build_report(data, audience="external")["gp_appointments"]
    shown = {r["group"]: r for r in outside["by_scheme"]}
    assert own["Scheme 0"]["n"] == 4
    assert own["Scheme 0"]["mean_change"] is not None
    assert shown["Scheme 0"]["suppressed"]
    assert shown["Scheme 0"]["mean_change"] is None
    assert not shown["Scheme 2"]["suppressed"]
    assert shown["Scheme 2"]["n"] % 5 == 0
    # Scheme 0 is the only scheme of model 2: the model's row would give it away.
    models = {r["group"]: r for r in outside["by_delivery_model"]}
    assert models["2"]["suppressed"]
    html = render_html(build_report(data, audience="external"))
    assert "This is an uncontrolled before-and-after comparison" in html


@pytest.mark.django_db
def test_the_live_extract_carries_the_counts_pseudonymised(world: SmallWorld) -> None:
    referral = refer_and_start(world, received_on=today() - timedelta(days=400))
    gp_appointments_record(
        actor=world.users[Role.LINK_WORKER],
        referral=referral,
        counts=GpCounts(
            consent_recorded_on=today(),
            window_months=12,
            count_before=14,
            count_after=9,
            source="practice_report",
            note="not for export",
        ),
    )
    got = extract(ExportFilters(), pseudonymiser=Pseudonymiser(b"k" * 32))
    table = got.tables["gp_appointments"]
    [row] = table.to_dicts()
    assert row["referral_id"] == str(referral.pk)
    assert (row["window_months"], row["count_before"], row["count_after"]) == (12, 14, 9)
    assert row["person"] != str(referral.person_id)
    assert row["person"] == got.tables["referrals"]["person"][0]
    assert "note" not in table.columns
    assert DATASET_VERSION == "1.3.0"
