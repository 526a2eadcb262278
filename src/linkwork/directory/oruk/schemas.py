"""The standard's JSON Schemas, read from the vendored copy in `directory/standard/`.

Validation reports every problem with a JSON pointer to the field and a plain message.
`jsonschema` only checks the formats whose optional helpers are installed, so `uri` and
`date-time` get small checkers of our own here.

Most records are valid, and a directory is re-imported whole, so each record is first put to
`jsonschema-rs` (compiled, about fifty times faster here) with the very same format checks;
only a record it rejects goes through `jsonschema`, whose errors name each field. The two
must agree on what is valid: a test holds them to it over the standard's examples and
generated faults.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARD_DIR = Path(__file__).resolve().parents[1] / "standard"
SCHEMA_DIR = STANDARD_DIR / "schema"

# The nested shapes a JSON import may hold, by kind, and the schema each is checked against.
DOCUMENT_SCHEMAS: dict[str, str] = {
    "service": "compiled/service.json",
    "organization": "compiled/organization.json",
    "service_at_location": "compiled/service_at_location.json",
    "taxonomy": "taxonomy.json",
    "taxonomy_term": "taxonomy_term.json",
}

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})",
)

_format_checker = FormatChecker(formats=("email", "uuid"))


@_format_checker.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(_SCHEME.fullmatch(parts.scheme)) and bool(parts.netloc or parts.path)


@_format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    return True


def load_json(relative: str) -> Any:
    return json.loads((STANDARD_DIR / relative).read_text(encoding="utf-8"))


@cache
def _registry() -> Registry[Any]:
    # The per-table schemas refer to each other by file name ("schedule.json").
    resources = [
        (path.name, Resource.from_contents(load_json(f"schema/{path.name}"), DRAFT202012))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
        if path.name != "openapi.json"
    ]
    return Registry().with_resources(resources)


@cache
def validator(relative: str) -> Draft202012Validator:
    """A validator for one schema file, relative to `standard/schema/`."""
    return Draft202012Validator(
        load_json(f"schema/{relative}"), registry=_registry(), format_checker=_format_checker
    )


# Every format either validator checks, each by our own checker, so they agree.
CHECKED_FORMATS = ("email", "uuid", "uri", "date-time")


def _conforms(name: str) -> Any:
    return lambda value: _format_checker.conforms(value, name)


@cache
def fast_validator(relative: str) -> jsonschema_rs.Draft202012Validator:
    """The compiled validator for one schema file: a yes or no, no messages."""
    resources = [
        (path.name, load_json(f"schema/{path.name}"))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
        if path.name != "openapi.json"
    ]
    return jsonschema_rs.Draft202012Validator(
        load_json(f"schema/{relative}"),
        registry=jsonschema_rs.Registry(resources),
        validate_formats=True,
        ignore_unknown_formats=True,
        formats={name: _conforms(name) for name in CHECKED_FORMATS},
    )


@cache
def tabular_required(table: str) -> tuple[str, ...]:
    """Columns the tabular form needs beyond the JSON schema's `required`."""
    return tuple(load_json(f"schema/{table}.json").get("tabular_required", ()))


def _pointer(parts: Any) -> str:
    return "/" + "/".join(str(part) for part in parts) if parts else ""


def _describe(error: ValidationError) -> tuple[str, str]:
    path = _pointer(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = re.match(r"'([^']+)'", error.message)
        name = missing[1] if missing else "?"
        return f"{path}/{name}", "is required"
    if kind == "type":
        return path, f"must be a {error.validator_value} (found {error.instance!r})"
    if kind == "enum" and isinstance(error.validator_value, list):
        allowed = ", ".join(repr(v) for v in error.validator_value)
        return path, f"must be one of {allowed} (found {error.instance!r})"
    if kind == "format":
        return path, f"{error.instance!r} is not a valid {error.validator_value}"
    return path, error.message


def schema_problems(relative: str, instance: object) -> list[tuple[str, str]]:
    """Every way `instance` breaks the schema, as (JSON pointer, message), in document order."""
    try:
        valid = fast_validator(relative).is_valid(instance)
    except ValueError:  # a value JSON has no type for: let jsonschema say what is wrong
        valid = False
    if valid:
        return []
    found = [_describe(error) for error in validator(relative).iter_errors(instance)]
    return sorted(set(found), key=lambda item: (item[0], item[1]))
