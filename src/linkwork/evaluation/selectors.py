"""The evaluation's data: read from the live database or from an exported package."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from linkwork.core.errors import DomainError
from linkwork.evaluation.analysis.data import NOT_READ, EvaluationData
from linkwork.evaluation.analysis.plausibility import evaluation_data
from linkwork.evaluation.dataset.extract import ExportFilters, extract
from linkwork.evaluation.dataset.package import PackageError, read_package, read_set_aside
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, new_key


def _reference_date(tables: dict) -> date:  # type: ignore[type-arg]
    """The latest date anything was recorded: the analysis is 'as at' that day."""
    latest = [
        tables[name][column].max()
        for name, column in (
            ("referrals", "received_on"),
            ("encounters", "occurred_on"),
            ("outcome_scores", "administered_on"),
        )
        if tables[name].height
    ]
    return max((d for d in latest if d is not None), default=date.today())  # noqa: DTZ011


def evaluation_data_from_db(filters: ExportFilters) -> EvaluationData:
    data = extract(filters, pseudonymiser=Pseudonymiser(new_key()))
    if not data.scheme_ids:
        raise DomainError("No scheme matches those filters.", code="report_no_scheme")
    return evaluation_data(
        data.tables, reference_date=_reference_date(data.tables), recorded=data.set_aside
    )


def evaluation_data_from_package(directory: Path) -> EvaluationData:
    if not (directory / "datapackage.json").is_file():
        raise DomainError(f"No datapackage.json in {directory}.", code="report_no_package")
    try:
        tables = read_package(directory, leave_out=NOT_READ)
        recorded = read_set_aside(directory)
    except PackageError as exc:
        raise DomainError(f"{directory}: {exc}", code="report_bad_package") from exc
    return evaluation_data(tables, reference_date=_reference_date(tables), recorded=recorded)
