"""The evaluation benchmark's DuckDB aggregates are the report's: counts per scheme, region
and delivery model, status rates and paired change. No timings are judged here."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from linkwork.accounts.roles import Role
from linkwork.bench.evaluation_figures import (
    disagreements,
    duckdb_aggregates,
    report_aggregates,
)
from linkwork.episodes.models import Referral
from linkwork.evaluation.dataset.extract import ExportFilters
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.selectors import evaluation_data_from_db
from linkwork.evaluation.services import common_dataset_export
from linkwork.outcomes.models import Administration
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def _paired_scores(world: SmallWorld) -> None:
    """Baseline and follow-up SWEMWBS metric scores for three episodes (the small world's
    scheme records ONS4 only, so the scores are written past the service)."""
    for change, referral in zip(
        (1.5, 3.0, -2.0), Referral.objects.order_by("received_on", "id")[:3], strict=False
    ):
        for timepoint, day in (("baseline", 1), ("review", 40)):
            administration_record(
                referral=referral,
                actor=world.users[Role.LINK_WORKER],
                questionnaire=Questionnaire(
                    "ons4", timepoint, referral.received_on + timedelta(days=day), "self_completed"
                ),
                responses=[6, 5, 4, 3],
            )
        scores = Administration.objects.filter(referral=referral)
        scores.filter(timepoint="baseline").update(instrument_id="swemwbs", primary_score=20.0)
        scores.filter(timepoint="review").update(
            instrument_id="swemwbs", timepoint="follow_up", primary_score=20.0 + change
        )


def test_duckdb_agrees_with_the_report(casework: SmallWorld, tmp_path: Path) -> None:
    _paired_scores(casework)
    common_dataset_export(filters=ExportFilters(), out_dir=tmp_path, parquet=True)
    data = evaluation_data_from_db(ExportFilters())
    ours = report_aggregates(data, build_report(data, audience="scheme"))
    theirs = duckdb_aggregates(tmp_path / "parquet")
    assert disagreements(ours, theirs) == []
    assert sum(theirs["by_scheme"].values()) == Referral.objects.count()
    swemwbs = theirs["paired"]["swemwbs"]
    assert swemwbs["n"] == 3
    assert swemwbs["mean"] == pytest.approx(2.5 / 3)
    assert ours["published_mean_change"]["swemwbs"] == round(2.5 / 3, 2)

    theirs["paired"]["swemwbs"]["sd"] += 0.01
    theirs["by_model"] = {**theirs["by_model"], "elsewhere": 1}
    assert len(disagreements(ours, theirs)) == 2
