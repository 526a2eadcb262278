"""What a live scheme needs beyond the canonical checks: the values its pages require (a
referral's source, a session's mode, a questionnaire's timepoint), the scheme's own
questionnaires, and numbers and timepoints that the database keeps unique. Each is a problem
on its row, so the dry run shows it and the row waits, as for any other problem."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import CharField, Model

from linkwork.episodes.models import Connection
from linkwork.imports.harmonise.mapping import Record, ref_field
from linkwork.imports.harmonise.problems import Problem
from linkwork.imports.harmonise.quoting import quoted
from linkwork.imports.harmonise.words import field_words
from linkwork.imports.models import ImportedRecord
from linkwork.organisations.models import Scheme
from linkwork.outcomes.instruments import scheme_instruments
from linkwork.outcomes.models import Administration
from linkwork.outcomes.vocab import ONCE_PER_EPISODE
from linkwork.people.models import Person

__all__ = ["ONCE", "practice_notes", "scheme_problems", "unknown_practices"]

# The values the scheme's pages require, by kind: (field, what to do).
_NEEDED: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (("date_of_birth", "every person in a scheme has a date of birth"),),
    "referral": (("source", "a referral in a scheme records who referred"),),
    "session": (("mode", "a session in a scheme records how it took place"),),
    "questionnaire": (("timepoint", "a questionnaire in a scheme records its timepoint"),),
    "connection": (
        ("kind", "a connection records its kind"),
        ("target", "a connection records the kind of service"),
        ("service_name", "a connection names the service"),
    ),
}


def _longest(model: type[Model], name: str) -> int:
    column = model._meta.get_field(name)
    if not isinstance(column, CharField) or column.max_length is None:
        raise TypeError(f"{model.__name__}.{name} is not a text column with a limit.")
    return column.max_length


# Free-text values kept as the source gives them, and the longest each column holds: longer
# is a problem on its row rather than a value cut short or a failed write.
_LONGEST: dict[str, tuple[tuple[str, int, str], ...]] = {
    "person": (
        ("given_name", _longest(Person, "given_name"), ""),
        ("family_name", _longest(Person, "family_name"), ""),
        ("postcode", _longest(Person, "postcode"), "; a UK postcode is at most 8, as LS6 2AB"),
    ),
    "connection": (
        ("service_name", _longest(Connection, "service_name"), ""),
        ("need", _longest(Connection, "need"), ""),
    ),
}
_LONGEST_ID = _longest(ImportedRecord, "source_id")


def _problem(record: Record, name: str, code: str, message: str) -> Problem:
    return Problem(record.file, record.row, record.column(name), code, message)


def _missing(record: Record) -> Iterable[Problem]:
    for name, why in _NEEDED.get(record.kind, ()):
        if record.values.get(name) in (None, ""):
            yield _problem(
                record,
                name,
                "missing_value",
                f"{field_words(name)} is missing: {why}; add it to the source or map it "
                "in the profile.",
            )
    if (
        record.kind == "referral"
        and record.values.get("closed_on")
        and not record.values.get("discharge_reason")
        and not record.values.get("decline_reason")
    ):
        yield _problem(
            record,
            "discharge_reason",
            "missing_value",
            "the referral is closed but gives no discharge or decline reason; a closed "
            "episode in a scheme records why.",
        )


def _too_long(record: Record) -> Iterable[Problem]:
    checks = ((ref_field(record.kind), _LONGEST_ID, ""), *_LONGEST.get(record.kind, ()))
    for name, longest, hint in checks:
        value = str(record.values.get(name) or "")
        if len(value) > longest:
            yield _problem(
                record,
                name,
                "too_long",
                f"this value is {len(value):,} characters long; linkwork keeps at most "
                f"{longest}{hint}. Shorten it in the source.",
            )


# Source ids looked up at a time: well under any database's limit on a query's parameters.
_LOOKUP_BATCH = 2_000
ONCE = frozenset(str(t) for t in ONCE_PER_EPISODE)


def _batches(values: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(set(values), key=str)
    for start in range(0, len(ordered), _LOOKUP_BATCH):
        yield ordered[start : start + _LOOKUP_BATCH]


def _imported_ids(
    scheme: Scheme, source_system: str, kind: str, source_ids: set[str]
) -> dict[str, Any]:
    """What each source id of `kind` was written as by earlier imports from this source."""
    found: dict[str, Any] = {}
    for batch in _batches(source_ids):
        found.update(
            ImportedRecord.objects.filter(
                scheme=scheme, source_system=source_system, kind=kind, source_id__in=batch
            ).values_list("source_id", "object_id")
        )
    return found


def _once_taken(records: list[Record], scheme: Scheme, source_system: str) -> list[Problem]:
    """A questionnaire an episode has once (a baseline) for a referral imported before, where
    the episode already has one that is not this record: the same questionnaire under a new id
    (an export whose ids or dates changed) or a second one. Either way it is a problem on its
    row, never a second baseline and never a failed write."""
    wanted = [
        r
        for r in records
        if r.valid and r.kind == "questionnaire" and str(r.values.get("timepoint") or "") in ONCE
    ]
    if not wanted:
        return []
    referrals = _imported_ids(
        scheme, source_system, "referral", {str(r.values.get("referral_ref")) for r in wanted}
    )
    if not referrals:
        return []
    own = _imported_ids(scheme, source_system, "questionnaire", {r.ref for r in wanted})
    taken: dict[tuple[Any, str, str], tuple[Any, date]] = {}
    for batch in _batches(referrals.values()):
        rows = Administration.objects.filter(
            referral_id__in=batch,
            timepoint__in=sorted(ONCE),
            superseded_by__isnull=True,
        ).values_list("pk", "referral_id", "instrument_id", "timepoint", "administered_on")
        for pk, referral_id, instrument, timepoint, day in rows:
            taken[(referral_id, instrument, timepoint)] = (pk, day)
    problems = []
    for record in wanted:
        referral_ref = str(record.values.get("referral_ref"))
        instrument = str(record.values.get("instrument") or "")
        timepoint = str(record.values["timepoint"])
        found = taken.get((referrals.get(referral_ref), instrument, timepoint))
        if found is None or found[0] == own.get(record.ref):
            continue
        problems.append(
            _problem(
                record,
                "administered_on",  # the cell to look at: the date, or the id built from it
                "duplicate_timepoint",
                f"referral {quoted(referral_ref)} already has a {timepoint} {instrument}, given on "
                f"{found[1].day} {found[1]:%B %Y} and imported before; an episode has one. If "
                "this is that questionnaire, the export has changed its id or date: export it "
                "as before, or correct the record in linkwork.",
            )
        )
    return problems


def scheme_problems(records: list[Record], scheme: Scheme, source_system: str) -> list[Problem]:
    """Problems writing these records into `scheme` would meet (records already invalid
    are left to the problems they have). `source_system` is the profile's name, under which
    earlier imports from the same source kept their ids."""
    offered = {choice.id for choice in scheme_instruments(scheme)}
    problems: list[Problem] = []
    numbers: dict[tuple[str, str], str] = {}
    timepoints: dict[tuple[str, str, str], Record] = {}
    for record in records:
        if not record.valid:
            continue
        problems.extend(_missing(record))
        problems.extend(_too_long(record))
        if record.kind == "person":
            for name in ("nhs_number", "chi_number"):
                number = record.values.get(name)
                if not number:
                    continue
                first = numbers.setdefault((name, str(number)), record.ref)
                if first != record.ref:
                    problems.append(
                        _problem(
                            record,
                            name,
                            "duplicate_number",
                            f"person {quoted(record.ref)} has the same {field_words(name)} as "
                            f"person {quoted(first)}; one of them is wrong, or they are one "
                            "person.",
                        )
                    )
        if record.kind != "questionnaire":
            continue
        instrument = str(record.values.get("instrument") or "")
        if instrument and instrument not in offered:
            problems.append(
                _problem(
                    record,
                    "instrument",
                    "instrument_not_in_scheme",
                    f"{quoted(instrument)} is not one of {scheme.name}'s questionnaires; a "
                    "scheme manager adds it to the scheme's outcome tools first.",
                )
            )
        timepoint = str(record.values.get("timepoint") or "")
        if timepoint in ONCE:
            key = (str(record.values.get("referral_ref")), instrument, timepoint)
            earlier = timepoints.setdefault(key, record)
            if earlier is not record:
                problems.append(
                    _problem(
                        record,
                        "timepoint",
                        "duplicate_timepoint",
                        f"referral {quoted(key[0])} already has a {timepoint} {instrument} on "
                        f"{earlier.file} row {earlier.row}; an episode has one.",
                    )
                )
    problems.extend(_once_taken(records, scheme, source_system))
    return problems


def unknown_practices(
    records: list[Record], scheme: Scheme, bad_rows: set[tuple[str, int]]
) -> tuple[set[str], int]:
    """The practice codes the scheme does not serve that referrals name, and how many
    referrals name one. Counted once a referral (a GP record gives one on several rows),
    leaving out rows with problems, which are not imported."""
    served = {code.upper() for code in scheme.practices.values_list("code", flat=True) if code}
    unknown: dict[str, set[str]] = {}
    for record in records:
        code = str(record.values.get("practice_code") or "").strip().upper()
        if (
            record.kind == "referral"
            and record.valid
            and code
            and code not in served
            and (record.file, record.row) not in bad_rows
        ):
            unknown.setdefault(code, set()).add(record.ref)
    return set(unknown), len(set().union(*unknown.values())) if unknown else 0


def practice_notes(scheme: Scheme, codes: set[str], referrals: int) -> list[str]:
    """A referral naming a practice the scheme does not serve is imported with no practice:
    said before the import, so a manager can add the practice to the scheme first."""
    if not codes:
        return []
    named = ", ".join(sorted(codes)[:5]) + (" and others" if len(codes) > 5 else "")
    return [
        f"{referrals:,} referral{'s' if referrals != 1 else ''} "
        f"name{'' if referrals != 1 else 's'} a practice {scheme.name} does not serve "
        f"({named}): they are imported with no practice. For them to have one, add the "
        "practice to the scheme before importing."
    ]
