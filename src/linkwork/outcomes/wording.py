"""Licensed question wording, loaded by the deploying organisation. Pure: no Django.

linkwork ships no copyrighted wording: forms show our short labels until an organisation
that holds a licence loads the wording with `linkwork instruments load-wording FILE`.

File format (JSON, UTF-8), version "linkwork-wording/1"::

    {
      "format": "linkwork-wording/1",
      "instruments": [
        {
          "instrument": "swemwbs",             # a built-in or bespoke instrument id
          "instructions": "text shown above the questions",        # optional
          "copyright": "the owners' copyright line, shown on every copy",  # optional
          "licence": "your licence or registration reference",    # optional
          "options": ["label for 1", "...", "label for 5"],        # optional, every item
          "items": {
            "optimistic": "the question as licensed",
            "useful": {"text": "the question", "options": ["...", "..."]}
          }
        }
      ]
    }

Rules: every item of the instrument needs its text, and no unknown item codes; "options"
(for all items, or per item) has exactly one label per point of the item's scale, lowest
first; score-only items with fractional scores take no options; each instrument appears
once per file. Loading an instrument again replaces its wording.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from linkwork.outcomes.scoring import InstrumentDefinition, Item

FORMAT = "linkwork-wording/1"
MAX_TEXT = 1000
_INSTRUMENT_KEYS = frozenset(
    {"instrument", "instructions", "copyright", "licence", "options", "items"}
)


class WordingError(ValueError):
    """A wording file that cannot be loaded; `where` points into the file."""

    def __init__(self, message: str, *, where: str = "") -> None:
        text = f"{where}: {message}" if where else message
        super().__init__(text)
        self.message = text
        self.where = where


@dataclass(frozen=True)
class WordingSet:
    instrument_id: str
    definition_version: str
    instructions: str = ""
    copyright: str = ""
    licence: str = ""
    items: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


Lookup = Callable[[str], InstrumentDefinition | None]


def parse_wording(data: object, lookup: Lookup) -> list[WordingSet]:
    """Validate a decoded wording file; `lookup` finds an instrument's definition by id."""
    if not isinstance(data, Mapping):
        raise WordingError("the file must hold a JSON object")
    if data.get("format") != FORMAT:
        raise WordingError(f"must be {FORMAT!r}; got {data.get('format')!r}", where="format")
    unknown = sorted(set(data) - {"format", "instruments"})
    if unknown:
        raise WordingError(f"unexpected field(s): {', '.join(unknown)}")
    entries = data.get("instruments")
    if not isinstance(entries, list) or not entries:
        raise WordingError("must be a list of at least one instrument", where="instruments")
    sets: list[WordingSet] = []
    for index, entry in enumerate(entries):
        wording = _parse_entry(entry, lookup, f"instruments[{index}]")
        if any(w.instrument_id == wording.instrument_id for w in sets):
            raise WordingError(
                f"'{wording.instrument_id}' appears more than once",
                where=f"instruments[{index}].instrument",
            )
        sets.append(wording)
    return sets


def _parse_entry(entry: object, lookup: Lookup, where: str) -> WordingSet:
    if not isinstance(entry, Mapping):
        raise WordingError("must be an object", where=where)
    unknown = sorted(set(entry) - _INSTRUMENT_KEYS)
    if unknown:
        raise WordingError(f"unexpected field(s): {', '.join(unknown)}", where=where)
    instrument_id = entry.get("instrument")
    if not isinstance(instrument_id, str):
        raise WordingError("is required and must be text", where=f"{where}.instrument")
    definition = lookup(instrument_id)
    if definition is None:
        raise WordingError(f"unknown instrument {instrument_id!r}", where=f"{where}.instrument")
    texts = {key: _text(entry, key, where, required=False) for key in _FREE_TEXT}
    default_options = entry.get("options")
    items = entry.get("items")
    if not isinstance(items, Mapping):
        raise WordingError("is required and must map item codes to text", where=f"{where}.items")
    codes = definition.item_codes
    extra = sorted(str(code) for code in items if code not in codes)
    if extra:
        raise WordingError(
            f"unknown item(s) {', '.join(extra)}; {instrument_id} has {', '.join(codes)}",
            where=f"{where}.items",
        )
    missing = [code for code in codes if code not in items]
    if missing:
        raise WordingError(
            f"every item needs its wording; missing {', '.join(missing)}", where=f"{where}.items"
        )
    item_texts: dict[str, str] = {}
    item_options: dict[str, tuple[str, ...]] = {}
    for item in definition.items:
        text, options = _parse_item(items[item.code], f"{where}.items.{item.code}")
        item_texts[item.code] = text
        chosen = options if options is not None else default_options
        here = f"{where}.items.{item.code}.options" if options is not None else f"{where}.options"
        if chosen is not None:
            item_options[item.code] = _options(chosen, item, here)
    return WordingSet(
        instrument_id=instrument_id,
        definition_version=definition.version,
        items=item_texts,
        options=item_options,
        **texts,
    )


_FREE_TEXT = ("instructions", "copyright", "licence")


def _text(entry: Mapping[str, Any], key: str, where: str, *, required: bool) -> str:
    return _clean(entry.get(key, ""), f"{where}.{key}", required=required)


def _clean(value: object, where: str, *, required: bool) -> str:
    if not isinstance(value, str):
        raise WordingError("must be text", where=where)
    value = value.strip()
    if required and not value:
        raise WordingError("must not be empty", where=where)
    if len(value) > MAX_TEXT:
        raise WordingError(f"must be at most {MAX_TEXT} characters", where=where)
    return value


def _parse_item(raw: object, where: str) -> tuple[str, object | None]:
    if isinstance(raw, str):
        return _clean(raw, where, required=True), None
    if not isinstance(raw, Mapping):
        raise WordingError("must be text, or an object with text and options", where=where)
    unknown = sorted(set(raw) - {"text", "options"})
    if unknown:
        raise WordingError(f"unexpected field(s): {', '.join(unknown)}", where=where)
    return _text(raw, "text", where, required=True), raw.get("options")


def _options(raw: object, item: Item, where: str) -> tuple[str, ...]:
    scale = item.scale
    if not scale.whole_numbers:
        raise WordingError(
            f"item '{item.code}' takes a score, not a choice, so it has no options", where=where
        )
    points = scale.max - scale.min + 1
    if not isinstance(raw, list) or not all(isinstance(o, str) and o.strip() for o in raw):
        raise WordingError("must be a list of non-empty text labels", where=where)
    if len(raw) != points:
        raise WordingError(
            f"item '{item.code}' has {points} points ({scale.min} to {scale.max}), so it needs "
            f"{points} labels; got {len(raw)}",
            where=where,
        )
    return tuple(o.strip() for o in raw)
