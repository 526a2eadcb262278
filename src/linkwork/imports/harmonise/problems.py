"""Problems found in an import, each naming its file, row and field, with counts per kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["PROBLEM_TITLES", "ImportInputError", "Problem", "ProblemReport"]

# Every problem code the pipeline reports, with the words a person reads in the counts.
PROBLEM_TITLES: dict[str, str] = {
    "invalid_nhs_number": "NHS number not valid",
    "invalid_chi_number": "CHI number not valid",
    "invalid_date": "Date not readable or impossible",
    "invalid_number": "Number not readable",
    "missing_value": "Required value missing",
    "unmapped_code": "A value the profile does not know",
    "session_before_referral": "Session dated before its referral",
    "date_of_birth_after_referral": "Date of birth after the referral",
    "unknown_referral": "Refers to a referral not in the files",
    "score_out_of_range": "Score outside the instrument's range",
    "item_out_of_range": "Questionnaire item outside its scale",
    "score_mismatch": "Source total disagrees with the recomputed score",
    "unknown_instrument": "Instrument not known to the scoring engine",
    "duplicate_id": "The same id on different records",
    "duplicate_row": "Row repeated exactly",
    "conflicting_person": "The same person with different details",
    "invalid_dependency": "Refers to a record with problems of its own",
    "unknown_person": "Refers to a person not in the files",
    "closed_before_referral": "Referral closed before it was received",
    "formula_cell": "Cell holds a spreadsheet formula, not a value",
    # Found only when writing into a live scheme.
    "instrument_not_in_scheme": "Questionnaire not one of the scheme's",
    "duplicate_timepoint": "The same questionnaire twice at one timepoint",
    "duplicate_number": "The same NHS or CHI number on two people",
    "too_long": "Value longer than linkwork keeps",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with one row. `row` is the line a spreadsheet shows (the header is row 1);
    0 means the problem is with the file as a whole."""

    file: str
    row: int
    field: str
    code: str
    message: str

    def where(self) -> str:
        place = self.file if self.row == 0 else f"{self.file} row {self.row}"
        return f"{place}, {self.field}" if self.field else place


@dataclass
class ProblemReport:
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def counts(self) -> Counter[str]:
        return Counter(p.code for p in self.problems)

    def rows_with_problems(self) -> set[tuple[str, int]]:
        return {(p.file, p.row) for p in self.problems}

    def lines(self) -> list[str]:
        """The report as text: every problem in file and row order, then counts per kind."""
        ordered = sorted(self.problems, key=lambda p: (p.file, p.row, p.field))
        lines = [f"{p.where()}: {p.message}" for p in ordered]
        if ordered:
            lines.append("")
            lines.append("Problems by kind:")
            for code, count in sorted(self.counts().items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {count:>6}  {PROBLEM_TITLES.get(code, code)} ({code})")
        return lines


def problem_kinds(counts: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """Each kind of problem as (code, title, count), most frequent first, ties by title: the
    order every page lists them in."""
    return sorted(
        ((code, PROBLEM_TITLES.get(code, code), n) for code, n in counts.items()),
        key=lambda kind: (-kind[2], kind[1]),
    )


class ImportInputError(ValueError):
    """A file or profile the pipeline cannot read at all (wrong encoding, missing column,
    formulas, a profile that does not match). Nothing is written; the message says what to do."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
