"""`linkwork instruments list|score|load-wording|define`: the scoring engine and the
instrument library on the command line.

    linkwork instruments list [--format table|json]
    linkwork instruments score ID --responses JSON
    linkwork instruments load-wording FILE
    linkwork instruments define FILE --scheme SLUG [--check]

`score` prints one JSON object (instrument, version, total, metric, items or subscores where
reported separately, bands, flags) and exits non-zero, naming the bad item and its allowed
range, when the responses are invalid or incomplete. Responses are a JSON list in item order
or an object keyed by item code; null marks an unanswered item.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.core.errors import DomainError
from linkwork.organisations.selectors import scheme_get
from linkwork.outcomes import wording as wording_format
from linkwork.outcomes.instrument_services import bespoke_define, bespoke_validate, wording_load
from linkwork.outcomes.instruments import kind_of, lookup_definition
from linkwork.outcomes.models import BespokeInstrument
from linkwork.outcomes.scoring import (
    InstrumentDefinition,
    ScoringError,
    builtin_definitions,
    score,
)
from linkwork.outcomes.scoring.formatting import plural
from linkwork.outcomes.scoring.limits import MAX_FILE_BYTES

DEFINE_HELP = """\
Store a scheme's bespoke instrument from a JSON definition file, validated against the
bespoke schema (linkwork/outcomes/scoring/bespoke_schema.json): id, version, name, items
(code, label, min, max, optional reversed and domain), scoring (sum, mean or per_domain),
optional max_missing, bands, mic, higher_is_better and licence. Labels are short summaries,
never licensed wording. A changed tool needs a new version; defining the same version with
the same content again changes nothing.
"""


class Command(BaseCommand):
    help = (
        "Outcome instruments: list them, score responses, load licensed wording, define "
        "bespoke tools."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Every instrument: built-in and bespoke.")
        listing.add_argument("--format", choices=["table", "json"], default="table")
        scoring = sub.add_parser(
            "score",
            help="Score responses and print one JSON object.",
            description=__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        scoring.add_argument("instrument", help="Instrument id, lower case (e.g. phq9).")
        scoring.add_argument(
            "--responses",
            required=True,
            help='A JSON list in item order, e.g. "[0,1,2,1,0,0,1,0,1]", or an object keyed '
            "by item code, e.g. '{\"q1\": 0, ...}'.",
        )
        load = sub.add_parser(
            "load-wording",
            help="Load licensed question wording from a JSON file (format below).",
            description=wording_format.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        load.add_argument("file", type=Path)
        define = sub.add_parser(
            "define",
            help="Store a scheme's bespoke instrument from a definition file.",
            description=DEFINE_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        define.add_argument("file", type=Path)
        define.add_argument("--scheme", help="The scheme's slug or id (not needed with --check).")
        define.add_argument("--check", action="store_true", help="Validate only; store nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "list":
                self._list(options["format"])
            elif action == "score":
                self._score(options["instrument"], options["responses"])
            elif action == "load-wording":
                self._load_wording(options["file"])
            else:
                self._define(options["file"], options["scheme"], check=options["check"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _definitions(self) -> list[InstrumentDefinition]:
        found = list(builtin_definitions().values())
        seen: set[str] = set()
        for row in BespokeInstrument.objects.order_by("instrument_id", "-active", "-created_at"):
            if row.instrument_id not in seen:
                seen.add(row.instrument_id)
                definition = lookup_definition(row.instrument_id)
                if definition is not None:
                    found.append(definition)
        return found

    def _list(self, fmt: str) -> None:
        definitions = self._definitions()
        if fmt == "json":
            self.stdout.write(json.dumps({"instruments": [_describe(d) for d in definitions]}))
            return
        header = f"{'id':<24} {'kind':<10} {'version':<8} {'items':>5}  {'scores':<18} name"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for d in definitions:
            low_high = d.score_range
            reported = (
                f"{low_high[0]:g}-{low_high[1]:g}"
                if low_high
                else ("per item" if d.scoring == "per_item" else "per domain")
            )
            self.stdout.write(
                f"{d.id:<24} {kind_of(d).value:<10} {d.version:<8} {len(d.items):>5}  "
                f"{reported:<18} {d.name}"
            )

    def _score(self, instrument_id: str, text: str) -> None:
        definition = lookup_definition(instrument_id)
        if definition is None:
            known = ", ".join(d.id for d in self._definitions())
            hint = (
                f" Instrument ids are lower case: try {instrument_id.lower()!r}."
                if lookup_definition(instrument_id.lower())
                else ""
            )
            raise CommandError(f"Unknown instrument {instrument_id!r}.{hint} Known: {known}.")
        try:
            responses = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"--responses is not valid JSON: {exc}.") from exc
        try:
            result = score(definition, responses)
        except ScoringError as exc:
            raise CommandError(exc.message) from exc
        if not result.scored:
            allowed = (
                "every item answered"
                if definition.max_missing == 0
                else f"at most {plural(definition.max_missing, 'item')} unanswered"
            )
            flags = [flag for flag in result.flags if flag != "incomplete"]
            raised = f" Flags raised all the same: {', '.join(flags)}." if flags else ""
            raise CommandError(
                f"{definition.id} needs {allowed}; unanswered: {', '.join(result.missing)}."
                + raised
            )
        self.stdout.write(json.dumps(result.to_json_dict()))

    def _read_json(self, path: Path) -> tuple[Any, bytes]:
        try:
            if (size := path.stat().st_size) > MAX_FILE_BYTES:
                raise CommandError(f"{path} has {size:,} bytes; at most {MAX_FILE_BYTES:,}.")
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            return json.loads(raw.decode("utf-8")), raw
        except RecursionError as exc:
            raise CommandError(f"{path} nests too deeply to be a definition.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text.") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
            ) from exc

    def _load_wording(self, path: Path) -> None:
        data, raw = self._read_json(path)
        rows = wording_load(
            data=data,
            actor=None,
            source_name=path.name,
            source_sha256=hashlib.sha256(raw).hexdigest(),
        )
        for row in rows:
            self.stdout.write(
                f"Loaded wording for {row.instrument_id} ({plural(len(row.items), 'item')})."
            )

    def _define(self, path: Path, scheme_key: str | None, *, check: bool) -> None:
        data, _ = self._read_json(path)
        if not isinstance(data, dict):
            raise CommandError(f"{path} must hold a JSON object.")
        if check:
            definition = bespoke_validate(data)
            self.stdout.write(f"{definition.id} version {definition.version} is valid.")
            return
        if not scheme_key:
            raise CommandError("Give --scheme SLUG: a bespoke tool belongs to one scheme.")
        row = bespoke_define(scheme=scheme_get(key=scheme_key), data=data, actor=None)
        self.stdout.write(
            f"Defined {row.instrument_id} version {row.version} for {row.scheme.name}."
        )


def _describe(definition: InstrumentDefinition) -> dict[str, Any]:
    return {
        "id": definition.id,
        "name": definition.name,
        "kind": kind_of(definition).value,
        "version": definition.version,
        "scoring": definition.scoring,
        "score_range": list(definition.score_range) if definition.score_range else None,
        "mic": definition.mic,
        "higher_is_better": definition.higher_is_better,
        "max_missing": definition.max_missing,
        "items": [
            {
                "code": item.code,
                "label": item.label,
                "min": item.scale.min,
                "max": item.scale.max,
                "optional": item.optional,
            }
            for item in definition.items
        ],
        "licence": definition.licence,
    }
