"""Definition invariants and the registry."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest

from linkwork.outcomes.scoring import (
    Band,
    DefinitionError,
    InstrumentDefinition,
    Item,
    ResponseScale,
    RiskRule,
    ScoringError,
    builtin_definitions,
    get_definition,
    score,
)

BUILTIN_IDS = {
    "ons4",
    "wemwbs",
    "swemwbs",
    "ucla3",
    "phq9",
    "gad7",
    "wellbeing_star",
    "pam",
    "recovery_outcomes_web",
    "eq5d5l",
    "mycaw",
}


def test_registry_lists_every_builtin() -> None:
    definitions = builtin_definitions()
    assert set(definitions) == BUILTIN_IDS
    assert all(definition.version == "1" for definition in definitions.values())
    assert all(code == definition.id for code, definition in definitions.items())


def test_registry_returns_a_fresh_dict() -> None:
    builtin_definitions().clear()
    assert set(builtin_definitions()) == BUILTIN_IDS


def test_unknown_instrument_lists_the_known_ones() -> None:
    with pytest.raises(ScoringError) as caught:
        get_definition("kessler10")
    assert caught.value.message == (
        "Unknown instrument 'kessler10'; known instruments: eq5d5l, gad7, mycaw, ons4, pam, "
        "phq9, recovery_outcomes_web, swemwbs, ucla3, wellbeing_star, wemwbs."
    )


@pytest.mark.parametrize(
    ("instrument", "count", "low", "high", "total_range"),
    [
        ("ons4", 4, 0, 10, None),
        ("wemwbs", 14, 1, 5, (14, 70)),
        ("swemwbs", 7, 1, 5, (7, 35)),
        ("ucla3", 3, 1, 3, (3, 9)),
        ("phq9", 9, 0, 3, (0, 27)),
        ("gad7", 7, 0, 3, (0, 21)),
    ],
)
def test_validated_shapes(
    instrument: str, count: int, low: int, high: int, total_range: tuple[int, int] | None
) -> None:
    definition = get_definition(instrument)
    assert definition.kind == "validated"
    assert len(definition.items) == count
    assert {(item.scale.min, item.scale.max) for item in definition.items} == {(low, high)}
    assert not any(item.reversed for item in definition.items)
    assert definition.total_range == total_range


def test_directions_and_mics() -> None:
    expected = {
        "wemwbs": (True, 3.0),
        "swemwbs": (True, 3.0),
        "phq9": (False, 5.0),
        "gad7": (False, 4.0),
    }
    for instrument, (higher_is_better, mic) in expected.items():
        definition = get_definition(instrument)
        assert (definition.higher_is_better, definition.mic) == (higher_is_better, mic)
    assert get_definition("ucla3").higher_is_better is False


def test_labels_are_a_few_words_not_questions() -> None:
    for definition in builtin_definitions().values():
        for item in definition.items:
            assert len(item.label.split()) <= 4, item.label
            assert "?" not in item.label
            assert not re.match(r"(?i)^(i|i've|how|in the|over the)\b", item.label), item.label


def test_definitions_are_immutable() -> None:
    definition = get_definition("swemwbs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        definition.mic = 1.0  # type: ignore[misc]
    assert definition.conversion is not None
    with pytest.raises(TypeError):
        definition.conversion[29] = 25.99  # type: ignore[index]
    with pytest.raises(TypeError):
        get_definition("ons4").item_bands["anxiety"] = ()  # type: ignore[index]
    assert hash(definition) == hash(get_definition("swemwbs"))


def test_results_are_json_serialisable() -> None:
    for definition in builtin_definitions().values():
        answers = [item.scale.min for item in definition.items]
        json.dumps(score(definition, answers).to_json_dict())


def make(**overrides: Any) -> InstrumentDefinition:
    scale = ResponseScale(0, 3)
    fields: dict[str, Any] = {
        "id": "tiny",
        "version": "1",
        "name": "Tiny",
        "kind": "bespoke",
        "items": (Item("a", "item a", scale), Item("b", "item b", scale)),
        "scoring": "sum",
    }
    fields.update(overrides)
    return InstrumentDefinition(**fields)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"total_range": (0, 7)}, "total_range: declared (0, 7) but the items give (0, 6)"),
        (
            {"kind": "official"},
            "kind: must be one of validated, licensed_score_only, bespoke; got 'official'",
        ),
        (
            {"scoring": "median"},
            "scoring: must be one of sum, mean, conversion, per_item, per_domain; got 'median'",
        ),
        ({"version": " "}, "version: must not be empty"),
        ({"items": ()}, "items: an instrument needs at least one item"),
        (
            {"conversion": {0: 0.0}},
            "conversion: a conversion table goes with conversion scoring only",
        ),
        (
            {"scoring": "conversion", "conversion": {n: float(n) for n in range(6)}},
            "conversion: needs exactly one entry for every raw total 0-6",
        ),
        (
            {"scoring": "conversion", "conversion": dict.fromkeys(range(7), 1.0)},
            "conversion: must increase strictly; raw 1 breaks this",
        ),
        (
            {
                "scoring": "conversion",
                "conversion": {n: float(n) for n in range(7)},
                "max_missing": 1,
            },
            "max_missing: conversion scoring needs every item answered",
        ),
        ({"max_missing": 1}, "prorate: sum scoring with missing items allowed must prorate"),
        ({"prorate": True, "scoring": "mean"}, "prorate: proration only applies to sum scoring"),
        ({"max_missing": True}, "max_missing: must be a whole number of 0 or more; got True"),
        ({"risk_rules": (RiskRule("c", 0),)}, "risk_rules[0]: unknown item code 'c'"),
        ({"risk_rules": (RiskRule("a", 3),)}, "risk_rules[0]: threshold 3 must be from 0 to 2"),
        ({"mic": -1.0}, "mic: must be greater than 0; got -1.0"),
        (
            {"item_bands": {"a": (Band("low", 0, 1),)}},
            "item_bands: per-item bands need per_item scoring",
        ),
        ({"scoring": "per_item", "item_bands": {"z": ()}}, "item_bands: unknown item code 'z'"),
        (
            {"scoring": "per_item", "item_bands": {"a": (Band("x", 0, 4),)}},
            "item_bands[a][0]: band 'x' (0-4) falls outside the valid range 0-3",
        ),
        ({"bands": (Band("", 0, 1),)}, "bands[0]: band label must not be empty"),
        (
            {"items": (Item("A", "x", ResponseScale(0, 1)),)},
            "items[0].code: code must be lower-case letters, digits and underscores; got 'A'",
        ),
        ({"kind": "licensed_score_only"}, "scoring: licensed score-only tools must use per_domain"),
    ],
)
def test_inconsistent_definitions_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        make(**overrides)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min": 3, "max": 3}, "scale: min (3) must be less than max (3)"),
        (
            {"min": 0, "max": 2, "labels": ("no", "yes")},
            "scale.labels: needs one label per point (3); got 2",
        ),
        ({"min": 0.5, "max": 2}, "scale.min: must be a whole number; got 0.5"),
    ],
)
def test_bad_scales_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        ResponseScale(**kwargs)
    assert caught.value.message == message
