"""The outcome lines of the end-of-episode summary: one per headline measure of every
questionnaire the episode has, named, in words, with the change classified where there is one.

The change rows (`changes.episode_change`) need a baseline and a later score; the summary
must also say what there is without them ("baseline 15.84 (no later score)"), or a
summary written at discharge, before any follow-up, reads "none recorded"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from linkwork.outcomes.changes import ChangeRow, episode_change
from linkwork.outcomes.instruments import (
    lookup_definition,
    measure_label,
    measure_order,
    measures_of,
)
from linkwork.outcomes.models import Administration
from linkwork.outcomes.scoring.formatting import fmt
from linkwork.outcomes.vocab import Timepoint


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One measure of one questionnaire, ready to store in the summary (JSON-safe)."""

    instrument: str
    instrument_name: str
    measure: str
    measure_label: str
    text: str
    classification: str | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def _changed(row: ChangeRow) -> SummaryLine:
    direction = "up" if row.change > 0 else "down" if row.change < 0 else "no change"
    moved = f", {direction} {fmt(abs(row.change))}" if row.change else ", no change"
    text = (
        f"baseline {fmt(row.baseline)} ({_day(row.baseline_on)}) → {fmt(row.latest)} at "
        f"{row.latest_timepoint.lower()} ({_day(row.latest_on)}){moved}: "
        f"{row.classification_label}"
    )
    return SummaryLine(
        row.instrument,
        row.instrument_name,
        row.measure,
        row.measure_label,
        text,
        row.classification,
    )


def _single(administration: Administration, *, baseline: bool) -> list[SummaryLine]:
    """The measures of a lone questionnaire: a baseline with nothing later, or a later score
    with no baseline to compare it with."""
    definition = lookup_definition(
        administration.instrument_id, version=administration.definition_version
    )
    name = definition.name if definition else administration.instrument_id
    scores = measures_of(administration.scores)
    when = _day(administration.administered_on)
    timepoint = Timepoint(administration.timepoint).label.lower()
    lines = []
    for measure in measure_order(definition, scores):
        value = fmt(scores[measure])
        text = (
            f"baseline {value} ({when}) (no later score)"
            if baseline
            else f"{timepoint} {value} ({when}) (no baseline score to compare with)"
        )
        lines.append(
            SummaryLine(
                administration.instrument_id,
                name,
                measure,
                measure_label(definition, measure),
                text,
                None,
            )
        )
    return lines


def episode_summary_lines(administrations: Sequence[Administration]) -> list[SummaryLine]:
    """Lines for one instrument in one episode (current versions only): baseline to latest
    when both exist, else whichever the episode has."""
    rows = episode_change(administrations)
    if rows:
        return [_changed(row) for row in rows]
    ordered = sorted(administrations, key=lambda a: (a.administered_on, a.created_at))
    baseline = next((a for a in ordered if a.timepoint == Timepoint.BASELINE), None)
    if baseline is not None:
        return _single(baseline, baseline=True)
    return _single(ordered[-1], baseline=False) if ordered else []
