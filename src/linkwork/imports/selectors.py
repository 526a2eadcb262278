"""Reads for the import pages: a scheme's past imports, and an uploaded import's preview
and dry-run report (read from its files; nothing is written)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.imports.harmonise.canonical import VOCABULARY_LABELS, Kind, fields_of
from linkwork.imports.harmonise.problems import PROBLEM_TITLES, ImportInputError, Problem
from linkwork.imports.jobs import run_files, run_profile
from linkwork.imports.models import ImportRun
from linkwork.imports.services import audit_run, scheme_check
from linkwork.organisations.models import Scheme
from linkwork.outcomes.scoring import ScoringError
from linkwork.outcomes.scoring.registry import get_definition

PREVIEW_RECORDS = 10
# The canonical fields whose names are not words a scheme manager uses.
_FIELD_WORDS = {
    "person_ref": "person id",
    "referral_ref": "referral id",
    "session_ref": "session id",
    "administration_ref": "questionnaire id",
    "connection_ref": "connection id",
    "gain_ref": "gain id",
    "amount_pence": "amount",
    "nhs_number": "NHS number",
    "chi_number": "CHI number",
    "instrument": "questionnaire",
    "duration_minutes": "minutes",
    "annual": "yearly",
}


@dataclass
class Preview:
    error: str = ""
    rows_read: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    problems_by_file: dict[str, list[Problem]] = field(default_factory=dict)
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    problem_total: int = 0
    rejected_rows: int = 0
    # Records the rows without problems give: none, and there is nothing to import.
    importable: int = 0
    notes: list[str] = field(default_factory=list)


def import_runs(*, schemes: list[Scheme]) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(scheme__in=schemes).select_related("scheme", "requested_by")


def _one(value: object, labels: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a total of 18, not 18.0
    return labels.get(str(value), str(value))


def _instrument(code: object) -> str:
    try:
        return get_definition(str(code)).name
    except ScoringError:
        return str(code)  # not known here: the dry run says so on its row


def _shown(kind: Kind, name: str, value: object) -> str:
    """A mapped value as people read it: a code by its label in linkwork's vocabulary
    ("White: British", not "A"), a date as the pages write dates, yes or no, money in
    pounds, a questionnaire by its name."""
    if name == "amount_pence" and isinstance(value, int):
        return f"£{value / 100:,.2f}"
    if name == "instrument":
        return _instrument(value)
    spec = fields_of(kind).get(name)
    labels: Mapping[str, str] = VOCABULARY_LABELS.get(spec.vocabulary, {}) if spec else {}
    if isinstance(value, list):
        return "; ".join(_one(v, labels) for v in value)
    return _one(value, labels)


def _given(value: object) -> bool:
    # False is an answer ("attended: No"); only what the source left empty is left out.
    return value is not None and value != "" and value != []


def import_preview(*, run: ImportRun, actor: User) -> Preview:
    """The first records as mapped, and every problem by file, row and field, with counts
    per kind. The preview shows source data, so reading it is audited."""
    audit_run(run, actor, AuditEvent.Action.VIEW, preview=True)
    try:
        check = scheme_check(scheme=run.scheme, profile=run_profile(run), paths=run_files(run))
    except ImportInputError as exc:
        return Preview(error=exc.message)
    except FileNotFoundError:
        return Preview(error="The uploaded files are no longer here; upload them again.")
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in sorted(check.report.problems, key=lambda p: (p.file, p.row, p.field)):
        by_file[problem.file].append(problem)
    counts = Counter(p.code for p in check.report.problems)
    return Preview(
        rows_read=check.rows_read(),
        records=[
            {
                "kind": r.kind.replace("_", " "),
                "where": f"{r.file} row {r.row}",
                "values": [
                    (_FIELD_WORDS.get(k, k.replace("_", " ")), _shown(r.kind, k, v))
                    for k, v in r.values.items()
                    if _given(v)
                ],
            }
            for r in check.first_records[:PREVIEW_RECORDS]
        ],
        problems_by_file=dict(by_file),
        counts=[
            (code, PROBLEM_TITLES.get(code, code), n)
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        problem_total=len(check.report.problems),
        rejected_rows=len(check.reasons),
        importable=check.importable(),
        notes=check.notes,
    )
