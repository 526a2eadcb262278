"""`profile suggest`: a first draft of a profile from a file's headers and values, for a
person to check. Headers are matched to canonical fields by normalised names and synonyms;
each coded column lists its distinct values with a best guess marked for review. Values with
no good guess are left out of the map, so an import reports them rather than guessing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import fastexcel

from linkwork.imports.harmonise.canonical import KINDS, VOCABULARY_LABELS, CanonicalField, fields_of
from linkwork.imports.harmonise.reading import SourceTable, read_source

__all__ = ["normalise_header", "suggest_profile"]

HEADER_CUTOFF = 0.82
VALUE_CUTOFF = 0.6
MAX_DISTINCT = 60
_SHARED = ("person_ref", "referral_ref")


def normalise_header(text: str) -> str:
    """Lower case, words only: "Date of Birth " and "date_of_birth" both give
    "date of birth"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _names(spec: CanonicalField) -> list[str]:
    return [normalise_header(spec.name), *(normalise_header(s) for s in spec.synonyms)]


def _match(header: str) -> tuple[float, str, str] | None:
    """The best (score, kind, field) for a header, or None below the cut-off."""
    wanted = normalise_header(header)
    best: tuple[float, str, str] | None = None
    for kind in KINDS:
        for spec in fields_of(kind).values():
            for name in _names(spec):
                score = (
                    1.0 if name == wanted else difflib.SequenceMatcher(None, name, wanted).ratio()
                )
                if score >= HEADER_CUTOFF and (best is None or score > best[0]):
                    best = (score, kind, spec.name)
    return best


def _guess(value: str, vocabulary: str) -> str | None:
    labels = VOCABULARY_LABELS[vocabulary]
    wanted = normalise_header(value)
    candidates: dict[str, str] = {}
    for code, label in labels.items():
        candidates[normalise_header(code)] = code
        candidates[normalise_header(label)] = code
    if wanted in candidates:
        return candidates[wanted]
    close = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=VALUE_CUTOFF)
    return candidates[close[0]] if close else None


def _distinct(table: SourceTable, column: str, separator: str | None) -> list[str]:
    values: list[str] = []
    for row in table.rows:
        cell = row.get(column, "").strip()
        parts = cell.split(separator) if separator else [cell]
        for part in (p.strip() for p in parts):
            if part and part not in values:
                values.append(part)
                if len(values) >= MAX_DISTINCT:
                    return values
    return values


def _tables(paths: Sequence[Path]) -> list[tuple[str, SourceTable]]:
    found = []
    for path in paths:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            for sheet in fastexcel.read_excel(path.read_bytes()).sheet_names:
                found.append((sheet, read_source(path, kind="xlsx", sheet=sheet)))
        else:
            found.append((path.stem, read_source(path, kind="csv")))
    return found


def suggest_profile(paths: Sequence[Path], *, name: str = "my-export") -> dict[str, Any]:
    """A draft profile as a dict (write it as JSON). It carries a top-level "review" list the
    schema does not allow, so the draft cannot be used until a person has read it."""
    review: list[str] = []
    value_maps: dict[str, Any] = {}
    records: list[dict[str, Any]] = []
    tables = _tables(paths)
    sheets: dict[str, str] = {}
    kind = "xlsx" if any(t.encoding == "xlsx" for _, t in tables) else "csv"
    for role, table in tables:
        blocks_before = len(records)
        fields: dict[str, dict[str, dict[str, str]]] = {}
        for header in table.columns:
            found = _match(header)
            if found is None:
                review.append(f"{table.name}: column {header!r} matched no field; left out.")
                continue
            score, matched_kind, field_name = found
            if score < 1.0:
                review.append(
                    f"{table.name}: column {header!r} guessed as {matched_kind}.{field_name}."
                )
            fields.setdefault(matched_kind, {})[field_name] = {"column": header}
        shared = {
            f: source
            for by_kind in fields.values()
            for f, source in by_kind.items()
            if f in _SHARED
        }
        for matched_kind in KINDS:
            own = {f: s for f, s in fields.get(matched_kind, {}).items() if f not in _SHARED}
            if not own:
                continue
            specs = fields_of(matched_kind)
            block_fields: dict[str, dict[str, str]] = {}
            for f, source in {**shared, **own}.items():
                if f not in specs:
                    continue
                spec = specs[f]
                block_fields[f] = dict(source)
                if spec.vocabulary:
                    map_name = f"{role}-{f}".lower().replace(" ", "-")
                    separator = ";" if spec.type == "list" else None
                    values: dict[str, str] = {}
                    for value in _distinct(table, source["column"], separator):
                        guess = _guess(value, spec.vocabulary)
                        if guess is None:
                            review.append(
                                f"value_maps.{map_name}: {value!r} has no guess; add it or "
                                "leave it for the import to report."
                            )
                        else:
                            values[value] = guess
                            review.append(f"value_maps.{map_name}: {value!r} -> {guess!r}?")
                    value_maps[map_name] = {"vocabulary": spec.vocabulary, "values": values}
                    block_fields[f]["map"] = map_name
            for f, spec in specs.items():
                if spec.required and f not in block_fields:
                    review.append(f"{role}: {matched_kind} needs {f}; map a column to it.")
            block: dict[str, Any] = {"kind": matched_kind, "fields": block_fields}
            if len(tables) > 1:
                block["file"] = role
            records.append(block)
        if len(tables) > 1 and len(records) > blocks_before:
            sheets[role] = role
    draft: dict[str, Any] = {
        "profile": name,
        "title": f"Draft profile for {', '.join(p.name for p in paths)}",
        "provenance": "Drafted by `linkwork import profile suggest`; say where the layout "
        "comes from.",
        "format": {"kind": kind, "date_formats": ["%d/%m/%Y", "%Y-%m-%d"]},
        "value_maps": value_maps,
        "records": records,
        "review": [
            *review,
            "Check date_formats against the file's dates, then delete this review list.",
        ],
    }
    if kind == "xlsx" and len(tables) > 1:
        draft["format"]["sheets"] = sheets
    elif len(tables) > 1:
        draft["files"] = {role: f"*{role}*" for role, _ in tables}
    return draft
