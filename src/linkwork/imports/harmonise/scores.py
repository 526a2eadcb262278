"""Questionnaire scores from the source: recomputed by the scoring engine from the item
answers when the source has them, and checked against the source's own total when it has
both. A total alone is checked against the instrument's range."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from linkwork.imports.harmonise.mapping import Record
from linkwork.imports.harmonise.problems import Problem
from linkwork.outcomes.scoring import (
    InstrumentDefinition,
    ScoreResult,
    ScoringError,
    builtin_definitions,
    item_problems,
    score,
)

__all__ = ["ScoredQuestionnaire", "score_questionnaire"]

# Totals are whole numbers or two-decimal means; anything closer is the same score.
TOLERANCE = 0.005


@dataclass(frozen=True, slots=True)
class ScoredQuestionnaire:
    definition: InstrumentDefinition
    result: ScoreResult | None  # None when the source had a total but no items
    total: float | None
    metric: float | None
    recomputed: bool


def _problem(record: Record, column: str, code: str, message: str) -> Problem:
    return Problem(record.file, record.row, column, code, message)


def _from_total(
    record: Record, definition: InstrumentDefinition, total: float
) -> tuple[ScoredQuestionnaire | None, list[Problem]]:
    low, high = definition.total_range or (float("-inf"), float("inf"))
    if not low <= total <= high:
        return None, [
            _problem(
                record,
                record.column("total"),
                "score_out_of_range",
                f"{definition.name} totals run from {low:g} to {high:g}; the source says "
                f"{total:g}.",
            )
        ]
    metric = None
    if definition.scoring == "conversion" and definition.conversion is not None:
        if total != int(total) or int(total) not in definition.conversion:
            return None, [
                _problem(
                    record,
                    record.column("total"),
                    "score_out_of_range",
                    f"{definition.name} raw totals are whole numbers; the source says {total:g}.",
                )
            ]
        metric = definition.conversion[int(total)]
    return ScoredQuestionnaire(definition, None, total, metric, recomputed=False), []


@lru_cache(maxsize=8192)
def _engine(
    instrument: str, answered: tuple[tuple[str, float], ...]
) -> tuple[ScoreResult | None, tuple[tuple[str, str], ...], str]:
    """The engine's result, its item problems, or its refusal, for one set of answers. Scoring
    is pure and an export repeats the same answers many times over, so each set is scored
    once."""
    definition = builtin_definitions()[instrument]
    answers = dict(answered)
    bad = item_problems(definition, answers)
    if bad:
        return None, tuple(bad.items()), ""
    try:
        return score(definition, answers), (), ""
    except ScoringError as exc:
        return None, (), exc.message


def score_questionnaire(record: Record) -> tuple[ScoredQuestionnaire | None, list[Problem]]:
    instrument = str(record.values.get("instrument") or "")
    definitions = builtin_definitions()
    if instrument not in definitions:
        return None, [
            _problem(
                record,
                record.column("instrument"),
                "unknown_instrument",
                f"{instrument!r} is not an instrument the scoring engine knows; use one of "
                f"{', '.join(sorted(definitions))}.",
            )
        ]
    definition = definitions[instrument]
    source_total = record.values.get("total")
    answered = {code: value for code, value in record.items.items() if value is not None}
    if not answered:
        if source_total is None:
            return None, [
                _problem(
                    record,
                    record.column("total"),
                    "missing_value",
                    f"{definition.name} has neither item answers nor a total on this row.",
                )
            ]
        return _from_total(record, definition, float(source_total))
    result, bad, refusal = _engine(instrument, tuple(sorted(answered.items())))
    if bad:
        return None, [
            _problem(record, record.column(f"item:{code}"), "item_out_of_range", message)
            for code, message in bad
        ]
    if result is None:
        return None, [_problem(record, "", "item_out_of_range", refusal)]
    if (
        source_total is not None
        and result.total is not None
        and abs(float(source_total) - result.total) > TOLERANCE
    ):
        return None, [
            _problem(
                record,
                record.column("total"),
                "score_mismatch",
                f"the source's total is {float(source_total):g} but the item answers score "
                f"{result.total:g} on {definition.name} (recomputed by the scoring engine); "
                "check the answers and the total in the source system.",
            )
        ]
    return ScoredQuestionnaire(definition, result, result.total, result.metric, True), []
