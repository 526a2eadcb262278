"""The instrument library seen from Django: built-ins from the pure engine, bespoke tools from
the database, which ones a scheme uses, and what each score's headline measures are."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from linkwork.core.errors import DomainError
from linkwork.organisations.models import Scheme
from linkwork.organisations.selectors import scheme_policy_or_none
from linkwork.outcomes.models import BespokeInstrument, ScheduleRule
from linkwork.outcomes.schedule import Rule, default_rules
from linkwork.outcomes.scoring import (
    DefinitionError,
    InstrumentDefinition,
    ScoreResult,
    builtin_definitions,
    load_bespoke_definition,
)
from linkwork.outcomes.vocab import ENGINE_KINDS, Kind

MEASURE_LABELS = {"metric": "Metric score", "total": "Total score"}


@dataclass(frozen=True, slots=True)
class InstrumentChoice:
    id: str
    name: str
    kind: Kind


def kind_of(definition: InstrumentDefinition) -> Kind:
    return ENGINE_KINDS[definition.kind]


def bespoke_row(instrument_id: str, *, version: str | None = None) -> BespokeInstrument | None:
    """The given version of a bespoke tool, else its newest active one (newest of all if none
    is active, so old scores can still be shown)."""
    rows = BespokeInstrument.objects.filter(instrument_id=instrument_id)
    if version is not None:
        return rows.filter(version=version).first()
    return rows.order_by("-active", "-created_at").first()


def bespoke_definition(row: BespokeInstrument) -> InstrumentDefinition:
    try:
        return load_bespoke_definition(row.definition)
    except DefinitionError as exc:  # stored rows were validated; this means a schema change
        raise DomainError(
            f"The stored definition of {row.instrument_id} no longer loads: {exc.message}",
            code="bespoke_invalid",
        ) from exc


def lookup_definition(
    instrument_id: str, *, version: str | None = None
) -> InstrumentDefinition | None:
    """A built-in (its current version) or a bespoke tool, or None if unknown."""
    builtin = builtin_definitions().get(instrument_id)
    if builtin is not None:
        return builtin
    row = bespoke_row(instrument_id, version=version)
    return bespoke_definition(row) if row is not None else None


def definition_for(instrument_id: str, *, version: str | None = None) -> InstrumentDefinition:
    definition = lookup_definition(instrument_id, version=version)
    if definition is None:
        raise DomainError(
            f"There is no instrument {instrument_id!r}.",
            code="unknown_instrument",
            field_errors={"instrument": ["Choose a questionnaire from the list."]},
        )
    return definition


def scheme_instruments(scheme: Scheme) -> list[InstrumentChoice]:
    """What the scheme may record: its policy tools, built-ins its schedule names, then its
    active bespoke tools."""
    policy = scheme_policy_or_none(scheme)
    builtins = builtin_definitions()
    named = list(policy.outcome_tools if policy else [])
    named += ScheduleRule.objects.filter(scheme=scheme).values_list("instrument_id", flat=True)
    choices = [
        InstrumentChoice(tool, builtins[tool].name, kind_of(builtins[tool]))
        for tool in dict.fromkeys(named)
        if tool in builtins
    ]
    seen: set[str] = set()
    for row in BespokeInstrument.objects.filter(scheme=scheme, active=True).order_by(
        "name", "-created_at"
    ):
        if row.instrument_id not in seen:
            seen.add(row.instrument_id)
            choices.append(InstrumentChoice(row.instrument_id, row.name, Kind.BESPOKE))
    return choices


def scheme_schedule(scheme: Scheme) -> list[Rule]:
    """The scheme's own rules, or the default schedule for every instrument it uses."""
    rows = list(ScheduleRule.objects.filter(scheme=scheme))
    if rows:
        return [row.as_rule() for row in rows]
    return default_rules(choice.id for choice in scheme_instruments(scheme))


def primary_of(definition: InstrumentDefinition, result: ScoreResult) -> tuple[str, float] | None:
    """The one score change is judged on: SWEMWBS's metric, else the total; None where the
    instrument reports items or domains separately (ONS4, licensed tools)."""
    if definition.scoring == "conversion" and result.metric is not None:
        return "metric", result.metric
    if definition.scoring in ("sum", "mean") and result.total is not None:
        return "total", result.total
    return None


def measures_of(scores: Mapping[str, Any]) -> dict[str, float]:
    """Every headline number in a stored scores JSON: the primary score, or each item or
    domain where they are reported separately."""
    if scores.get("primary_measure"):
        return {str(scores["primary_measure"]): float(scores["primary"])}
    parts = scores.get("items") or scores.get("subscores") or {}
    return {str(code): float(value) for code, value in parts.items()}


def measure_order(definition: InstrumentDefinition | None, measures: Iterable[str]) -> list[str]:
    """Measures in the definition's item (or domain) order: JSON columns such as
    PostgreSQL's jsonb do not keep the order keys were stored in."""
    order: dict[str, int] = {"metric": -2, "total": -1}
    for item in definition.items if definition else ():
        order.setdefault(item.code, len(order))
        if item.domain:
            order.setdefault(item.domain, len(order))
    return sorted(measures, key=lambda m: (order.get(m, len(order)), m))


def measure_label(definition: InstrumentDefinition | None, measure: str) -> str:
    if measure in MEASURE_LABELS:
        return MEASURE_LABELS[measure]
    if definition is not None:
        for item in definition.items:
            if item.code == measure:
                return item.label.capitalize()
    return measure.replace("_", " ").capitalize()
