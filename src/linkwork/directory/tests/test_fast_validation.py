"""The compiled validator may only let through what `jsonschema` finds valid, or an import
would take a record whose problems nobody was told of. Held to it over the standard's own
example records and faults generated in them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from linkwork.directory.oruk.schemas import (
    DOCUMENT_SCHEMAS,
    fast_validator,
    schema_problems,
    validator,
)

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "glasgow_sample.json"
SERVICES: list[dict[str, Any]] = json.loads(SAMPLE.read_text(encoding="utf-8"))
SERVICE = DOCUMENT_SCHEMAS["service"]

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        [
            "",
            "not a uri",
            "https://example.org/x",
            "someone@example.org",
            "no-at-sign",
            "2026-13-45T99:00:00Z",
            "2026-01-02T03:04:05Z",
            "00000000-0000-0000-0000-00000000000g",
            "9d2c2b36-5b0c-4b1e-9d4e-7a1f0c2d9e11",
            "active",
            "MO",
        ]
    ),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*here, index))
    return found


def _jsonschema_valid(document: Any) -> bool:
    return not any(True for _ in validator(SERVICE).iter_errors(document))


def test_the_standards_examples_are_valid_to_both() -> None:
    for service in SERVICES:
        assert fast_validator(SERVICE).is_valid(service)
        assert _jsonschema_valid(service)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    which=st.integers(0, len(SERVICES) - 1),
    pick=st.integers(0, 10_000),
    value=_values,
    delete=st.booleans(),
)
def test_a_record_the_compiled_validator_passes_has_no_problems(which, pick, value, delete):
    document = copy.deepcopy(SERVICES[which])
    paths = [path for path in _paths(document) if path]
    path = paths[pick % len(paths)]
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    if fast_validator(SERVICE).is_valid(document):
        assert _jsonschema_valid(document), path
        assert schema_problems(SERVICE, document) == []
    else:
        # What it rejects still gets jsonschema's named problems when there are any.
        assert schema_problems(SERVICE, document) == sorted(set(schema_problems(SERVICE, document)))


def test_faults_are_still_named() -> None:
    document = copy.deepcopy(SERVICES[0])
    document["url"] = "not a uri"
    del document["name"]
    assert not fast_validator(SERVICE).is_valid(document)
    pointers = {pointer for pointer, _ in schema_problems(SERVICE, document)}
    assert {"/url", "/name"} <= pointers
