"""A mapping profile's schema problems in plain words: where in the profile (``format.kind``,
``records[0].fields``) and what to do, instead of the JSON Schema validator's own wording.

Written for the usual mistakes: a key missing, a key the profile format does not have (often a
typing slip), a value of the wrong kind (YAML reads ``yes`` as true and ``12`` as a number), a
value not among those allowed, an empty or too long text, a list with too few items. Any other
problem keeps the validator's message, still with its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from jsonschema.exceptions import ValidationError

__all__ = ["TOP_LEVEL", "describe", "place", "plain_problem"]

TOP_LEVEL = "the top level of the profile"
_KINDS = {
    "string": "text",
    "array": "a list",
    "object": "a set of keys and values",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}
_REQUIRED = re.compile(r"^'(.+)' is a required property$")
_PROFILE_PATTERN_HINT = {
    "^[a-z0-9][a-z0-9-]*$": "use lower-case letters, digits and hyphens only, like my-system",
}


def place(path: Iterable[str | int]) -> str:
    """``format.kind``; ``records[0].fields.person_ref``; the top level when empty."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or TOP_LEVEL


def describe(value: object) -> str:
    """A value as a reader of the profile would name it."""
    if isinstance(value, bool):
        return (
            f"{str(value).lower()} (YAML reads yes, no, on and off as true or false: put the "
            "value in quotes to mean the text)"
        )
    if value is None:
        return "empty"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Mapping):
        return "a set of keys and values"
    if isinstance(value, Sequence):
        return "a list"
    return repr(value)


def _either(kinds: object) -> str:
    names = [_KINDS.get(k, str(k)) for k in (kinds if isinstance(kinds, list) else [kinds])]
    return " or ".join(names)


def _listed(values: Iterable[object]) -> str:
    return ", ".join(str(v) if isinstance(v, str) else repr(v) for v in values)


def _known_keys(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    return sorted(str(k) for k in schema.get("properties", {}))


def _extra_keys(error: ValidationError) -> list[str]:
    known = set(_known_keys(error))
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    return sorted(str(k) for k in instance if k not in known)


def plain_problem(error: ValidationError, where: str) -> list[str]:
    """The error in words, one line per key or value at fault, each starting with `where`."""
    kind, value = error.validator, error.instance
    expected: Any = error.validator_value
    if kind == "required":
        # One error for each key missing, named only in the validator's message.
        named = _REQUIRED.match(error.message)
        if named is None:
            return [f"{where}: {error.message}"]
        return [f'{where}: the key "{named.group(1)}" is missing; add it.']
    if kind == "additionalProperties" and expected is False:
        known = _known_keys(error)
        return [
            f'{where}: the key "{key}" is not one a profile has here; remove it or correct its '
            f"spelling (the keys allowed here are {_listed(known)})."
            for key in _extra_keys(error)
        ]
    if kind == "type":
        return [f"{where}: give {_either(expected)} here, not {describe(value)}."]
    if kind == "enum":
        return [f"{where}: {describe(value)} is not allowed; use one of {_listed(expected)}."]
    if kind == "minLength":
        if expected == 1:
            return [f"{where}: this is empty; write the text it needs."]
        return [f"{where}: give at least {expected} characters."]
    if kind == "maxLength":
        return [f"{where}: give at most {expected} characters, not {describe(value)}."]
    if kind == "minItems":
        return [f"{where}: give at least {expected} item{'s' if expected != 1 else ''} here."]
    if kind == "pattern":
        hint = _PROFILE_PATTERN_HINT.get(str(expected), f"match the pattern {expected}")
        return [f"{where}: {describe(value)} is not allowed; {hint}."]
    return [f"{where}: {error.message}"]
