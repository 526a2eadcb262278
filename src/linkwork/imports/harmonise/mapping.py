"""One source row to canonical records, as a profile's record blocks say: each block reads the
columns it names, maps coded values through the profile's value maps (an unmapped value is a
problem, never a guess) and types every value, reporting the cell when it cannot."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from linkwork.identifiers.chi_number import validate_chi_number
from linkwork.identifiers.errors import IdentifierError
from linkwork.identifiers.nhs_number import validate_nhs_number
from linkwork.imports.harmonise.canonical import CanonicalField, Kind, fields_of
from linkwork.imports.harmonise.problems import Problem
from linkwork.imports.harmonise.profile import FieldSource, Profile, RecordBlock, normalise_code
from linkwork.imports.harmonise.quoting import quoted
from linkwork.imports.harmonise.values import parse_date, parse_number
from linkwork.imports.harmonise.words import date_examples, field_words, kind_words

__all__ = ["Record", "block_applies", "map_row", "source_text"]


@dataclass(slots=True)
class Record:
    """A canonical record and the source row it came from."""

    kind: Kind
    file: str
    row: int
    values: dict[str, Any]
    items: dict[str, float | None] = field(default_factory=dict)
    # Source column of each field, so a later check can name the cell it is about (shared by
    # the records of one block: replaced, never changed in place).
    columns: Mapping[str, str] = field(default_factory=dict)
    # False when a field could not be read: the record is kept only so that records
    # pointing at it can say so, rather than call it missing.
    valid: bool = True
    # Completes the record of its kind with the same ref that another block reads.
    completes: bool = False
    # A questionnaire whose timepoint comes from its order (FieldSource.by_order).
    timepoint_by_order: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return str(self.values.get(_REF[self.kind]) or "")

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


_REF: dict[Kind, str] = {
    "person": "person_ref",
    "referral": "referral_ref",
    "session": "session_ref",
    "questionnaire": "administration_ref",
    "connection": "connection_ref",
    "financial_gain": "gain_ref",
}


def ref_field(kind: Kind) -> str:
    return _REF[kind]


# Marks a value that could not be read (None already means "not recorded").
_INVALID = object()


class _RowContext:
    def __init__(self, profile: Profile, file: str, row: int, cells: dict[str, str]) -> None:
        self.profile, self.file, self.row, self.cells = profile, file, row, cells
        self.problems: list[Problem] = []

    def problem(self, column: str, code: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.row, column, code, message))


class _TemplateFormatter(string.Formatter):
    """Fills a template with a row's cells: `{Column:date}` writes the cell as the date it is
    (ISO 8601), read with the profile's date formats, so an id built from it stays the same
    whichever format an export used; a cell that is not a date is written as it stands (the
    field that reads the date reports it)."""

    def __init__(self, date_formats: tuple[str, ...]) -> None:
        self.date_formats = date_formats

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        # A column's heading, whole: "Ref. No" or "Code [local]" is a column, never an
        # attribute or an index as Python's own formatting would read it.
        return kwargs[field_name], field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "date":
            day = parse_date(str(value), self.date_formats)
            return day.isoformat() if day is not None else str(value)
        return str(super().format_field(value, format_spec))


def source_text(source: FieldSource, cells: dict[str, str], date_formats: tuple[str, ...]) -> str:
    if source.value is not None:
        return source.value
    if source.by_order:
        return source.by_order[0]  # until order_timepoints has seen all of them
    if source.template:
        parts = {c: cells.get(c, "").strip() for c in source.columns()}
        if not any(parts.values()):
            return ""
        return _TemplateFormatter(date_formats).vformat(source.template, (), parts)
    return cells.get(source.column, "").strip()


def _map_code(ctx: _RowContext, spec: CanonicalField, source: FieldSource, raw: str) -> Any:
    value_map = ctx.profile.value_maps[source.map]
    found, code = value_map.lookup(raw)
    if not found:
        ctx.problem(
            source.column or spec.name,
            "unmapped_code",
            f"{quoted(raw)} is not a {kind_words(value_map.vocabulary)} the profile knows; add "
            f"it to the profile (under value_maps.{value_map.name}), mapped to one of linkwork's "
            f"{kind_words(value_map.vocabulary)} codes, or to nothing (null) to leave it "
            "unrecorded.",
        )
        return _INVALID
    return code


def _typed(ctx: _RowContext, spec: CanonicalField, source: FieldSource, raw: str) -> Any:
    column = source.column or spec.name
    if spec.type == "date":
        day = parse_date(raw, ctx.profile.date_formats)
        if day is None:
            ctx.problem(
                column,
                "invalid_date",
                f"{quoted(raw)} is not a date, or not a real one; the profile reads dates written "
                f"like {date_examples(ctx.profile.date_formats)}.",
            )
            return _INVALID
        return day
    if spec.type in ("integer", "number"):
        number = parse_number(raw, thousands=ctx.profile.thousands_separator)
        if number is None:
            ctx.problem(column, "invalid_number", f"{quoted(raw)} is not a number.")
            return _INVALID
        number *= Decimal(str(source.scale))
        if spec.type == "integer":
            if number != number.to_integral_value():
                ctx.problem(column, "invalid_number", f"{quoted(raw)} is not a whole number.")
                return _INVALID
            return int(number)
        return float(number)
    if spec.type == "boolean":
        return raw == "true"
    if spec.type in ("nhs", "chi"):
        check = validate_nhs_number if spec.type == "nhs" else validate_chi_number
        try:
            return check(raw)
        except IdentifierError as exc:
            ctx.problem(column, f"invalid_{spec.type}_number", f"{quoted(raw)}: {exc}")
            return _INVALID
    return raw


def _field_value(ctx: _RowContext, spec: CanonicalField, source: FieldSource) -> Any:
    raw = source_text(source, ctx.cells, ctx.profile.date_formats)
    if raw == "":
        if spec.required:
            ctx.problem(
                source.column or spec.name,
                "missing_value",
                f"{field_words(spec.name)} is required and this cell is empty.",
            )
            return _INVALID
        return [] if spec.type == "list" else None
    if spec.type == "list":
        parts = [p.strip() for p in raw.split(ctx.profile.list_separator) if p.strip()]
        codes = []
        for part in parts:
            code = _map_code(ctx, spec, source, part) if source.map else part
            if code is _INVALID:
                return _INVALID
            if code is not None and code not in codes:
                codes.append(code)
        return codes
    if source.map:
        code = _map_code(ctx, spec, source, raw)
        if code is _INVALID or code is None:
            if code is None and spec.required:
                ctx.problem(
                    source.column or spec.name,
                    "missing_value",
                    f"{field_words(spec.name)} is required but {quoted(raw)} maps to nothing.",
                )
                return _INVALID
            return code
        raw = code
    return _typed(ctx, spec, source, raw)


def block_applies(block: RecordBlock, cells: dict[str, str]) -> bool:
    if block.where_column and normalise_code(cells.get(block.where_column, "")) not in (
        block.where_in
    ):
        return False
    return not (block.when_present and not cells.get(block.when_present, "").strip())


def _check_code(ctx: _RowContext) -> None:
    """A row whose code the profile does not read is reported, never guessed at or dropped
    unseen: it may be an event the export holds that the profile has not been told about."""
    column = ctx.profile.codes_column
    if not column or column not in ctx.cells:
        return
    raw = ctx.cells[column].strip()
    if raw == "":
        ctx.problem(
            column, "missing_value", "the code is empty; every row of the export needs one."
        )
    elif normalise_code(raw) not in ctx.profile.known_codes:
        ctx.problem(
            column,
            "unmapped_code",
            f"{quoted(raw)} is not a code the profile reads; add a record block for it (or list "
            "it in codes.ignore if it means nothing to linkwork), or leave it out of the export.",
        )


def map_row(
    profile: Profile, blocks: list[RecordBlock], file: str, row: int, cells: dict[str, str]
) -> tuple[list[Record], list[Problem]]:
    """Every record the blocks read from one row, and every problem found in it."""
    ctx = _RowContext(profile, file, row, cells)
    _check_code(ctx)
    records = []
    for block in blocks:
        if not block_applies(block, cells):
            continue
        specs = fields_of(block.kind)
        values: dict[str, Any] = {}
        ok = True
        for name, source in block.fields.items():
            value = _field_value(ctx, specs[name], source)
            if value is _INVALID:
                ok = False
            else:
                values[name] = value
        items: dict[str, float | None] = {}
        for code, column in block.items.items():
            raw = cells.get(column, "").strip()
            if raw == "":
                items[code] = None
                continue
            number = parse_number(raw, thousands="")
            if number is None:
                ctx.problem(column, "invalid_number", f"{quoted(raw)} is not a number.")
                ok = False
                continue
            items[code] = int(number) if number == number.to_integral_value() else float(number)
        ordered = block.fields["timepoint"].by_order if "timepoint" in block.fields else ()
        records.append(
            Record(
                block.kind,
                file,
                row,
                values,
                items,
                block.source_columns,
                valid=ok,
                completes=block.completes,
                timepoint_by_order=ordered,
            )
        )
    return records, ctx.problems


def order_timepoints(records: list[Record]) -> None:
    """Give each questionnaire whose profile takes its timepoint by order its timepoint: the
    first of its referral's questionnaires of that instrument, by date (then file and row),
    takes the first code, each later one the second."""
    groups: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        if record.kind == "questionnaire" and record.timepoint_by_order:
            key = (str(record.values.get("referral_ref")), str(record.values.get("instrument")))
            groups.setdefault(key, []).append(record)
    for group in groups.values():
        group.sort(key=_when)
        for place, record in enumerate(group):
            first, later = record.timepoint_by_order
            record.values["timepoint"] = first if place == 0 else later


def _when(record: Record) -> tuple[date, str, int]:
    day = record.values.get("administered_on")
    return (day if isinstance(day, date) else date.max, record.file, record.row)
