"""What a finished import wrote, kind by kind, and which rows it left out and why: read from
the run's own counts (never from the rows), for its page."""

from __future__ import annotations

from dataclasses import dataclass, field

from linkwork.imports.harmonise.problems import PROBLEM_TITLES, problem_kinds
from linkwork.imports.models import ImportRun

__all__ = ["RunSummary", "run_summary"]

_KINDS = (
    ("person", "People"),
    ("referral", "Referrals"),
    ("session", "Sessions"),
    ("questionnaire", "Questionnaires"),
    ("connection", "Connections"),
    ("financial_gain", "Financial gains"),
)


@dataclass(frozen=True)
class KindRow:
    label: str
    created: int
    updated: int
    unchanged: int
    matched: int


@dataclass(frozen=True)
class Rejection:
    file: str
    row: int
    field: str
    title: str


@dataclass
class RunSummary:
    kinds: list[KindRow] = field(default_factory=list)
    problems: list[tuple[str, int]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    rows_not_shown: int = 0


def run_summary(*, run: ImportRun) -> RunSummary:
    counts = run.counts or {}
    kinds = [
        KindRow(
            label=label,
            created=counts[kind].get("created", 0),
            updated=counts[kind].get("updated", 0),
            unchanged=counts[kind].get("skipped", 0),
            matched=counts[kind].get("matched", 0),
        )
        for kind, label in _KINDS
        if any(counts.get(kind, {}).values())
    ]
    rejections = [
        Rejection(str(file), int(row), str(column), PROBLEM_TITLES.get(str(code), str(code)))
        for file, row, column, code in run.rejections or []
    ]
    shown_rows = {(r.file, r.row) for r in rejections}
    return RunSummary(
        kinds=kinds,
        problems=[(title, n) for _, title, n in problem_kinds(run.problem_counts or {})],
        rejections=rejections,
        rows_not_shown=max(run.rejected - len(shown_rows), 0),
    )
