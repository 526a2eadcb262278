"""Baseline-to-latest change for one instrument in one episode, classified by the
instrument's minimal important change (MIC)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from linkwork.outcomes.instruments import (
    lookup_definition,
    measure_label,
    measure_order,
    measures_of,
)
from linkwork.outcomes.models import Administration
from linkwork.outcomes.scoring import InstrumentDefinition, ScoringError, classify_change
from linkwork.outcomes.vocab import Change, Timepoint

NOT_CLASSIFIED = "Not classified: no minimal important change for this score"


@dataclass(frozen=True, slots=True)
class ChangeRow:
    instrument: str
    instrument_name: str
    kind: str
    measure: str
    measure_label: str
    baseline: float
    baseline_on: date
    latest: float
    latest_on: date
    latest_timepoint: str
    change: float
    classification: str | None
    classification_label: str
    mic: float | None
    higher_is_better: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _classify(
    definition: InstrumentDefinition | None, measure: str, baseline: float, latest: float
) -> str | None:
    # Only the headline score has a MIC; items and domains (ONS4, licensed tools) do not.
    if definition is None or measure not in ("metric", "total") or definition.mic is None:
        return None
    try:
        return classify_change(definition, baseline, latest)
    except ScoringError:
        return None


def episode_change(administrations: Sequence[Administration]) -> list[ChangeRow]:
    """Rows for each headline measure, from the episode's baseline to its latest later
    questionnaire; empty without both. `administrations` are one instrument's, in one
    episode, current versions only."""
    ordered = sorted(administrations, key=lambda a: (a.administered_on, a.created_at))
    baseline = next((a for a in ordered if a.timepoint == Timepoint.BASELINE), None)
    if baseline is None:
        return []
    later = [
        a for a in ordered if a is not baseline and a.administered_on >= baseline.administered_on
    ]
    if not later:
        return []
    latest = later[-1]
    # Judge change by the definition used for the latest score (its MIC and direction).
    definition = lookup_definition(latest.instrument_id, version=latest.definition_version)
    before, after = measures_of(baseline.scores), measures_of(latest.scores)
    rows = []
    for measure in measure_order(definition, after):
        value = after[measure]
        if measure not in before:
            continue
        classification = _classify(definition, measure, before[measure], value)
        rows.append(
            ChangeRow(
                instrument=latest.instrument_id,
                instrument_name=definition.name if definition else latest.instrument_id,
                kind=latest.kind,
                measure=measure,
                measure_label=measure_label(definition, measure),
                baseline=before[measure],
                baseline_on=baseline.administered_on,
                latest=value,
                latest_on=latest.administered_on,
                latest_timepoint=Timepoint(latest.timepoint).label,
                change=round(value - before[measure], 2),
                classification=classification,
                classification_label=(
                    Change(classification).label if classification else NOT_CLASSIFIED
                ),
                mic=definition.mic if definition else None,
                higher_is_better=definition.higher_is_better if definition else True,
            )
        )
    return rows
