"""How a questionnaire reads in a person's subject access report: the instrument's name, each
answer under its question's label, and the scores with their bands, instead of codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from linkwork.outcomes.instruments import lookup_definition, measure_label, measure_order
from linkwork.outcomes.models import Administration, RiskAlert
from linkwork.outcomes.scoring import InstrumentDefinition
from linkwork.outcomes.scoring.formatting import fmt
from linkwork.outcomes.vocab import alert_description


def _definition(row: Administration) -> InstrumentDefinition | None:
    return lookup_definition(row.instrument_id, version=row.definition_version)


def _number(value: object) -> str:
    if value is None:
        return "not answered"
    return fmt(value) if isinstance(value, int | float) else str(value)


def _answers(definition: InstrumentDefinition | None, responses: Mapping[str, Any]) -> str:
    return "\n".join(
        f"{measure_label(definition, code)}: {_number(responses[code])}"
        for code in measure_order(definition, responses)
    )


def _scores(definition: InstrumentDefinition | None, scores: Mapping[str, Any]) -> str:
    bands: Mapping[str, Any] = scores.get("bands") or {}
    measures: dict[str, object] = {
        name: scores[name] for name in ("metric", "total") if scores.get(name) is not None
    }
    measures.update(scores.get("items") or scores.get("subscores") or {})
    lines = []
    for measure in measure_order(definition, measures):
        band = bands.get(measure) or (bands.get("total") if measure in ("metric", "total") else "")
        shown = _number(measures[measure])
        lines.append(f"{measure_label(definition, measure)}: {shown}{f' ({band})' if band else ''}")
    if scores.get("missing"):
        lines.append(f"Unanswered: {len(scores['missing'])}")
    if scores.get("prorated"):
        lines.append("Total estimated from the answers given")
    return "\n".join(lines) or "Not scored"


def outcome_words(row: Model, field_name: str, value: object) -> str | None:
    if isinstance(row, Administration):
        definition = _definition(row)
        if field_name == "instrument_id":
            return definition.name if definition else row.instrument_id
        if field_name == "responses" and isinstance(value, Mapping):
            return _answers(definition, value)
        if field_name == "scores" and isinstance(value, Mapping):
            return _scores(definition, value)
    if isinstance(row, RiskAlert) and field_name == "flag":
        return alert_description(row.administration.instrument_id, str(value))
    return None
