"""The dry run of an uploaded import: what its page shows before anything is written (the
first records as mapped, every problem by file, row and field, counts), worked out by the
background worker once, when the files are uploaded, and kept beside them in the upload's
folder (it holds source data, so it goes with the files)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from linkwork.imports.checking import SchemeCheck, checked_export
from linkwork.imports.harmonise.canonical import VOCABULARY_LABELS, Kind, fields_of
from linkwork.imports.harmonise.export_check import Progress
from linkwork.imports.harmonise.problems import Problem, problem_kinds
from linkwork.imports.harmonise.profile import Profile
from linkwork.imports.harmonise.words import field_words
from linkwork.imports.models import ImportRun
from linkwork.organisations.models import Scheme
from linkwork.outcomes.scoring import ScoringError
from linkwork.outcomes.scoring.registry import get_definition

__all__ = ["Preview", "dry_run_load", "dry_run_save", "preview_of", "preview_of_files"]

DRY_RUN_FILE = "dry-run.json"
# Problems listed on the page, in file and row order; every one is counted by kind, and the
# rejects file (or the command line's dry run) lists them all.
LISTED_PROBLEMS = 1_000
# A file's list of problems shows open up to this length; a longer one is folded under its
# count, so the page's counts and buttons stay within reach.
OPEN_PROBLEMS = 20
PREVIEW_RECORDS = 10


@dataclass
class Preview:
    error: str = ""
    rows_read: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    # Each file's listed problems: row, field and message.
    problems_by_file: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    problem_total: int = 0
    rejected_rows: int = 0
    # Records the rows without problems give: none, and there is nothing to import.
    importable: int = 0
    notes: list[str] = field(default_factory=list)
    # Problems found beyond those listed (LISTED_PROBLEMS).
    problems_not_listed: int = 0


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


def _listed(problem: Problem) -> dict[str, Any]:
    return {"row": problem.row, "field": problem.field, "message": problem.message}


def preview_of(check: SchemeCheck) -> Preview:
    """The first records as mapped, the problems by file (the first LISTED_PROBLEMS), and
    counts per kind."""
    problems = check.report.problems
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ordered = sorted(problems, key=lambda p: (p.file, p.row, p.field))
    for problem in ordered[:LISTED_PROBLEMS]:
        by_file[problem.file].append(_listed(problem))
    counts = Counter(p.code for p in problems)
    left_out = check.reasons
    return Preview(
        rows_read=check.rows_read(),
        records=[
            {
                "kind": r.kind.replace("_", " "),
                "where": f"{r.file} row {r.row}",
                "left_out": (r.file, r.row) in left_out,
                "values": [
                    (field_words(k), _shown(r.kind, k, v)) for k, v in r.values.items() if _given(v)
                ],
            }
            for r in check.first_records[:PREVIEW_RECORDS]
        ],
        problems_by_file=dict(by_file),
        counts=problem_kinds(counts),
        problem_total=len(problems),
        rejected_rows=len(check.reasons),
        importable=check.importable(),
        notes=check.notes,
        problems_not_listed=max(0, len(problems) - LISTED_PROBLEMS),
    )


def preview_of_files(
    *, scheme: Scheme, profile: Profile, paths: list[Path], progress: Progress | None = None
) -> Preview:
    """Check the files for `scheme` (nothing is written) and keep what the page shows. Raises
    ImportInputError for files that cannot be read as the profile says."""
    with checked_export(scheme=scheme, profile=profile, paths=paths, progress=progress) as check:
        return preview_of(check)


def _path(run: ImportRun) -> Path:
    return Path(run.upload_dir) / DRY_RUN_FILE


def dry_run_save(run: ImportRun, preview: Preview) -> None:
    """Kept in the upload's folder, written whole or not at all (a page never reads half)."""
    path = _path(run)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(asdict(preview), ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def dry_run_load(run: ImportRun) -> Preview | None:
    """The run's dry run, or None when there is none (not yet checked, or its files gone)."""
    if not run.upload_dir:
        return None
    try:
        saved = json.loads(_path(run).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    # Only the fields this version knows: a check kept by another version still shows.
    known = {f.name for f in fields(Preview)}
    return Preview(**{name: value for name, value in saved.items() if name in known})
