"""Mapping profiles: JSON or YAML files, checked against `profile_schema.json` and then against
the canonical records, turned into typed objects the pipeline reads."""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import yaml
from jsonschema import Draft202012Validator

from linkwork.imports.harmonise.canonical import KINDS, VOCABULARIES, Kind, fields_of
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile_wording import place, plain_problem
from linkwork.outcomes.scoring import builtin_definitions

__all__ = [
    "PROFILE_DIR",
    "FieldSource",
    "Profile",
    "RecordBlock",
    "ValueMap",
    "load_profile",
    "parse_profile_text",
    "profile_path",
    "shipped_profiles",
]

PROFILE_DIR = Path(__file__).resolve().parent.parent / "profiles"
_SCHEMA_PATH = Path(__file__).with_name("profile_schema.json")
MAX_PROFILE_BYTES = 1_000_000
PROFILE_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class FieldSource:
    column: str = ""
    value: str | None = None
    template: str = ""
    map: str = ""
    scale: float = 1.0
    # A questionnaire's timepoint from its place among the referral's questionnaires of the
    # same instrument (a GP record has scores by date, not by stage): (first, later).
    by_order: tuple[str, ...] = ()

    def columns(self) -> tuple[str, ...]:
        if self.column:
            return (self.column,)
        if self.template:
            return tuple(_template_columns(self.template))
        return ()


@dataclass(frozen=True, slots=True)
class ValueMap:
    name: str
    vocabulary: str
    # Source values as matched: trimmed and case-folded. None maps a value to "not recorded".
    values: MappingProxyType[str, str | None]

    def lookup(self, raw: str) -> tuple[bool, str | None]:
        key = normalise_code(raw)
        if key in self.values:
            return True, self.values[key]
        return False, None


@dataclass(frozen=True, slots=True)
class RecordBlock:
    kind: Kind
    fields: MappingProxyType[str, FieldSource]
    file_role: str = ""
    where_column: str = ""
    where_in: frozenset[str] = frozenset()
    when_present: str = ""
    items: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Completes the record another block reads with the same id (see profile_schema.json).
    completes: bool = False
    # The source column of each field and item ("item:CODE") this block reads: one mapping
    # every record the block reads shares, so a check can name the cell it is about.
    source_columns: MappingProxyType[str, str] = field(init=False)

    def __post_init__(self) -> None:
        named = {name: source.column for name, source in self.fields.items() if source.column}
        named.update({f"item:{code}": column for code, column in self.items.items()})
        object.__setattr__(self, "source_columns", MappingProxyType(named))

    def columns(self) -> set[str]:
        wanted = {c for source in self.fields.values() for c in source.columns()}
        wanted.update(self.items.values())
        if self.where_column:
            wanted.add(self.where_column)
        if self.when_present:
            wanted.add(self.when_present)
        return wanted


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title: str
    description: str
    provenance: str
    kind: str
    date_formats: tuple[str, ...]
    thousands_separator: str
    list_separator: str
    sheet: str
    sheets: MappingProxyType[str, str]
    files: MappingProxyType[str, str]
    value_maps: MappingProxyType[str, ValueMap]
    records: tuple[RecordBlock, ...]
    # The column of codes every row carries, and the codes read there (normalised): those a
    # record block reads plus those the profile ignores. Any other code is unmapped.
    codes_column: str = ""
    known_codes: frozenset[str] = frozenset()


def normalise_code(raw: str) -> str:
    return " ".join(raw.split()).casefold()


# How a template may format a column: as written, or ("date") as the date it is, so that an
# id built from a date stays the same whichever of the profile's formats the export used.
TEMPLATE_SPECS = frozenset({"", "date"})


def _template_columns(template: str) -> list[str]:
    """The columns a template reads. Raises ValueError for a template that is not well made,
    or that formats a column other than as written or as a date."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name or conversion or (spec or "") not in TEMPLATE_SPECS:
            raise ValueError(
                f"{{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} is not a column; write {{Column}}, or "
                "{Column:date} for a date written the same way whatever its format"
            )
        names.append(name)
    return names


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(_SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _schema_problems(data: object, lines: _Lines | None = None) -> list[str]:
    problems = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = place(error.absolute_path)
        if lines is not None:
            where += f" (line {lines.line_of(list(error.absolute_path))})"
        problems += plain_problem(error, where)
    return problems


class _Lines:
    """The line of each value of a YAML profile, so a schema problem names where it is."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line_of(self, path: list[str | int]) -> int:
        node = self.root
        line = 1 if node is None else node.start_mark.line + 1
        for part in path:
            found: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                found = next((v for k, v in node.value if k.value == str(part)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                found = node.value[part] if part < len(node.value) else None
            if found is None:
                break
            node, line = found, found.start_mark.line + 1
        return line


class _ProfileLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing what would silently change a profile: a key given
    twice (the last would win) and a key YAML reads as something other than text
    (`Yes:` is the boolean true, `1:` a number). It also refuses anchors and aliases
    (`&name`, `*name`): a profile never needs them, and nested aliases (a "billion laughs")
    expand a small file into billions of values for the schema check to walk."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise yaml.composer.ComposerError(
                None,
                None,
                f"{sign}{anchor} is an anchor or alias, which a profile does not use; "
                "write the value out in full where it is needed",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key {key_node.value!r} is read as {type(key).__name__}, not text; "
                    f"put it in quotes ('{key_node.value}')",
                    key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _is_yaml(source: str) -> bool:
    return source.lower().endswith((".yaml", ".yml"))


def _read_yaml(text: str, source: str) -> tuple[object, _Lines]:
    try:
        data = yaml.load(text, Loader=_ProfileLoader)  # noqa: S506 - a subclass of SafeLoader
        root = yaml.compose(text, Loader=_ProfileLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        what = exc.problem or exc.context or "not YAML"
        raise ImportInputError(
            f"The profile {source} is not readable YAML ({where}: {what}); fix it and try again.",
            code="profile_invalid",
        ) from exc
    except yaml.YAMLError as exc:
        raise ImportInputError(
            f"The profile {source} is not readable YAML ({exc}); profiles are UTF-8 YAML or JSON.",
            code="profile_invalid",
        ) from exc
    return data, _Lines(root)


def _meaning_problems(data: dict[str, Any]) -> list[str]:
    """What the schema cannot say: fields and vocabularies must be linkwork's own."""
    problems: list[str] = []
    maps = data.get("value_maps", {})
    for name, value_map in maps.items():
        vocabulary = value_map["vocabulary"]
        if vocabulary not in VOCABULARIES:
            problems.append(
                f"value_maps/{name}: vocabulary {vocabulary!r} is not one of "
                f"{', '.join(sorted(VOCABULARIES))}."
            )
            continue
        for source, target in value_map["values"].items():
            if target is not None and target not in VOCABULARIES[vocabulary]:
                problems.append(
                    f"value_maps/{name}/values/{source}: {target!r} is not a {vocabulary} code; "
                    f"use one of {', '.join(sorted(VOCABULARIES[vocabulary]))}."
                )
    if data["format"].get("sheets") and data["format"]["kind"] != "xlsx":
        problems.append("format/sheets: only an xlsx profile reads sheets.")
    roles = {**data.get("files", {}), **data["format"].get("sheets", {})}
    if data.get("files") and data["format"].get("sheets"):
        problems.append("format/sheets: a profile reads several files or several sheets, not both.")
    instruments = builtin_definitions()
    for index, block in enumerate(data["records"]):
        here = f"records/{index} ({block['kind']})"
        known = fields_of(block["kind"])
        for name, source in block["fields"].items():
            if "template" in source:
                try:
                    _template_columns(source["template"])
                except ValueError as exc:
                    problems.append(f"{here}/fields/{name}/template: {exc}.")
            if name not in known:
                problems.append(
                    f"{here}/fields/{name}: not a {block['kind']} field; "
                    f"use one of {', '.join(known)}."
                )
                continue
            if "map" in source:
                if source["map"] not in maps:
                    problems.append(f"{here}/fields/{name}: no value map called {source['map']!r}.")
                elif maps[source["map"]]["vocabulary"] != known[name].vocabulary:
                    problems.append(
                        f"{here}/fields/{name}: needs a {known[name].vocabulary or 'no'} value "
                        f"map, not {maps[source['map']]['vocabulary']}."
                    )
            elif "by_order" in source:
                if (block["kind"], name) != ("questionnaire", "timepoint"):
                    problems.append(
                        f"{here}/fields/{name}: by_order gives only a questionnaire's timepoint."
                    )
                else:
                    allowed = VOCABULARIES["timepoint"]
                    for code in source["by_order"]:
                        if code not in allowed:
                            problems.append(
                                f"{here}/fields/{name}/by_order: {code!r} is not a timepoint "
                                f"code; use one of {', '.join(sorted(allowed))}."
                            )
            elif known[name].vocabulary and "value" in source:
                allowed = VOCABULARIES[known[name].vocabulary]
                if str(source["value"]) not in allowed:
                    problems.append(
                        f"{here}/fields/{name}: {source['value']!r} is not a "
                        f"{known[name].vocabulary} code; use one of {', '.join(sorted(allowed))}."
                    )
            elif known[name].vocabulary:
                problems.append(
                    f"{here}/fields/{name}: a coded field needs a value map ('map'), so that "
                    "unmapped codes are reported, never guessed."
                )
        for name, spec in known.items():
            if spec.required and name not in block["fields"]:
                problems.append(f"{here}: the required field {name} is not mapped.")
        if block.get("completes") and block["kind"] != "referral":
            problems.append(f"{here}/completes: only a referral block can complete a record.")
        if block.get("file") and block["file"] not in roles:
            problems.append(
                f"{here}/file: no role called {block['file']!r} in 'files' or 'format.sheets'."
            )
        if block.get("items"):
            instrument = block["fields"].get("instrument", {}).get("value")
            if instrument not in instruments:
                problems.append(
                    f"{here}/items: item columns need a fixed instrument ('value') the scoring "
                    f"engine knows: {', '.join(sorted(instruments))}."
                )
            else:
                codes = set(instruments[instrument].item_codes)
                for code in block["items"]:
                    if code not in codes:
                        problems.append(
                            f"{here}/items/{code}: not an item of {instrument}; "
                            f"use {', '.join(instruments[instrument].item_codes)}."
                        )
    code_column = data.get("codes", {}).get("column")
    if code_column and not any(
        block.get("where", {}).get("column") == code_column for block in data["records"]
    ):
        problems.append(
            f"codes/column: no record block reads {code_column!r} ('where'), so every "
            "code in it would be unmapped."
        )
    return problems


def _build(data: dict[str, Any]) -> Profile:
    value_maps = {
        name: ValueMap(
            name=name,
            vocabulary=spec["vocabulary"],
            values=MappingProxyType(
                {normalise_code(src): target for src, target in spec["values"].items()}
            ),
        )
        for name, spec in data.get("value_maps", {}).items()
    }
    blocks = []
    for block in data["records"]:
        sources = {
            name: FieldSource(
                column=source.get("column", ""),
                value=None if "value" not in source else str(source["value"]),
                template=source.get("template", ""),
                map=source.get("map", ""),
                scale=float(source.get("scale", 1.0)),
                by_order=tuple(source.get("by_order", ())),
            )
            for name, source in block["fields"].items()
        }
        where = block.get("where", {})
        blocks.append(
            RecordBlock(
                kind=cast(Kind, block["kind"]),
                fields=MappingProxyType(sources),
                file_role=block.get("file", ""),
                where_column=where.get("column", ""),
                where_in=frozenset(normalise_code(v) for v in where.get("in", ())),
                when_present=block.get("when_present", ""),
                items=MappingProxyType(dict(block.get("items", {}))),
                completes=bool(block.get("completes", False)),
            )
        )
    codes = data.get("codes", {})
    codes_column = codes.get("column", "")
    known_codes = frozenset(
        [normalise_code(c) for c in codes.get("ignore", ())]
        + [code for b in blocks if b.where_column == codes_column for code in b.where_in]
    )
    fmt = data["format"]
    return Profile(
        name=data["profile"],
        title=data["title"],
        description=data.get("description", ""),
        provenance=data["provenance"],
        kind=fmt["kind"],
        date_formats=tuple(fmt["date_formats"]),
        thousands_separator=fmt.get("thousands_separator", ","),
        list_separator=fmt.get("list_separator", ";"),
        sheet=fmt.get("sheet", ""),
        sheets=MappingProxyType(dict(fmt.get("sheets", {}))),
        files=MappingProxyType(dict(data.get("files", {}))),
        value_maps=MappingProxyType(value_maps),
        records=tuple(sorted(blocks, key=lambda b: KINDS.index(b.kind))),
        codes_column=codes_column,
        known_codes=known_codes if codes_column else frozenset(),
    )


def parse_profile(data: object, *, source: str, lines: _Lines | None = None) -> Profile:
    problems = _schema_problems(data, lines)
    if not problems:
        problems = _meaning_problems(cast(dict[str, Any], data))
    if problems:
        listed = "\n  ".join(problems)
        raise ImportInputError(
            f"The profile {source} is not valid; fix these and try again:\n  {listed}",
            code="profile_invalid",
        )
    return _build(cast(dict[str, Any], data))


def parse_profile_text(text: str, *, source: str) -> tuple[Profile, dict[str, Any]]:
    """A profile from its text, YAML when `source` (the file's name) ends in .yaml or .yml and
    JSON otherwise, and the data it holds (kept with a run that uploaded it)."""
    if _is_yaml(source):
        data, lines = _read_yaml(text, source)
        return parse_profile(data, source=source, lines=lines), cast(dict[str, Any], data)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportInputError(
            f"The profile {source} is not readable JSON ({exc}); profiles are UTF-8 JSON, or "
            "YAML in a file named .yaml or .yml.",
            code="profile_invalid",
        ) from exc
    return parse_profile(data, source=source), cast(dict[str, Any], data)


def profile_path(name_or_path: str) -> Path:
    """A shipped profile by name, or a profile file by path."""
    for suffix in PROFILE_SUFFIXES:
        shipped = PROFILE_DIR / f"{name_or_path}{suffix}"
        if shipped.is_file():
            return shipped
    path = Path(name_or_path)
    if path.is_file():
        return path
    names = ", ".join(p.stem for p in shipped_profiles())
    raise ImportInputError(
        f"No profile called {name_or_path!r}: give a shipped profile ({names}) or the path "
        "of a profile file (JSON, or YAML named .yaml or .yml).",
        code="profile_not_found",
    )


def load_profile(name_or_path: str) -> Profile:
    path = profile_path(name_or_path)
    if path.stat().st_size > MAX_PROFILE_BYTES:
        raise ImportInputError(
            f"The profile {path.name} is larger than {MAX_PROFILE_BYTES:,} bytes.",
            code="profile_invalid",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportInputError(
            f"The profile {path.name} is not UTF-8 text ({exc}); save it as UTF-8.",
            code="profile_invalid",
        ) from exc
    return parse_profile_text(text, source=path.name)[0]


def shipped_profiles() -> list[Path]:
    return sorted(p for p in PROFILE_DIR.iterdir() if p.suffix in PROFILE_SUFFIXES)
