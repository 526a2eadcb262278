"""Look up built-in instrument definitions by id."""

from __future__ import annotations

from functools import cache

from .builtin import validated_definitions
from .definitions import InstrumentDefinition
from .errors import ScoringError
from .licensed import licensed_definitions


@cache
def _builtins() -> tuple[InstrumentDefinition, ...]:
    # Built once: definitions are immutable, and checking them at every lookup is waste.
    return validated_definitions() + licensed_definitions()


def builtin_definitions() -> dict[str, InstrumentDefinition]:
    """All built-ins (validated and licensed score-only) keyed by id; a fresh dict each call."""
    return {definition.id: definition for definition in _builtins()}


def get_definition(instrument_id: str) -> InstrumentDefinition:
    """The built-in with this id; ScoringError naming the known ids otherwise."""
    known = builtin_definitions()
    try:
        return known[instrument_id]
    except KeyError:
        raise ScoringError(
            f"Unknown instrument {instrument_id!r}; known instruments: {', '.join(sorted(known))}."
        ) from None
