"""Checks across rows: the same person with different details, an id used twice, a record
pointing at a referral that is not in the files, a session dated before its referral, a
date of birth after the referral, and every questionnaire scored by the scoring engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from linkwork.imports.harmonise.mapping import Record, ref_field
from linkwork.imports.harmonise.problems import Problem
from linkwork.imports.harmonise.quoting import quoted
from linkwork.imports.harmonise.scores import ScoredQuestionnaire, score_questionnaire
from linkwork.imports.harmonise.words import field_words, kind_words

__all__ = ["Checked", "check_records"]


@dataclass
class Checked:
    people: dict[str, Record] = field(default_factory=dict)
    referrals: dict[str, Record] = field(default_factory=dict)
    others: list[Record] = field(default_factory=list)
    scored: dict[int, ScoredQuestionnaire] = field(default_factory=dict)  # by id(record)
    problems: list[Problem] = field(default_factory=list)
    completed: set[str] = field(default_factory=set)  # referrals an event has completed


def _problem(record: Record, name: str, code: str, message: str) -> Problem:
    return Problem(record.file, record.row, record.column(name), code, message)


def _merge_person(checked: Checked, record: Record) -> None:
    first = checked.people.get(record.ref)
    if first is None:
        checked.people[record.ref] = record
        return
    for name, value in record.values.items():
        known = first.values.get(name)
        if value is not None and known is not None and value != known:
            checked.problems.append(
                _problem(
                    record,
                    name,
                    "conflicting_person",
                    f"person {quoted(record.ref)} has {field_words(name)} {value!s} here but "
                    f"{known!s} on {first.file} row {first.row}; correct one of them.",
                )
            )
        elif known is None and value is not None:
            first.values[name] = value


def _first_use(seen: dict[tuple[str, str], Record], record: Record) -> Problem | None:
    key = (record.kind, record.ref)
    earlier = seen.get(key)
    if earlier is None:
        seen[key] = record
        return None
    label = field_words(ref_field(record.kind))
    return _problem(
        record,
        ref_field(record.kind),
        "duplicate_id",
        f"{label} {quoted(record.ref)} is already used on {earlier.file} row {earlier.row}; "
        "each record needs its own id.",
    )


def follows_repeated_referral(record: Record, repeated: set[tuple[str, int, str]]) -> bool:
    """A session, questionnaire, connection or gain on a row whose referral reused another's
    id: its own id, made from the referral's, is reused too. That is one mistake, said once
    (on the referral); the row is left out either way."""
    where = (record.file, record.row, str(record.values.get("referral_ref") or ""))
    return record.kind != "referral" and where in repeated


def _depends(checked: Checked, record: Record, name: str, broken: Record) -> None:
    """A record pointing at one that has problems of its own: said once, on another row
    only (the row itself already lists the problems)."""
    if (broken.file, broken.row) == (record.file, record.row):
        return
    checked.problems.append(
        _problem(
            record,
            name,
            "invalid_dependency",
            f"{kind_words(broken.kind)} {quoted(broken.ref)} has problems of its own "
            f"({broken.file} row {broken.row}); this row waits on it.",
        )
    )


def _completed(checked: Checked, seen: dict[tuple[str, str], Record], record: Record) -> bool:
    """A referral and a later event of it (a block that `completes`, such as a GP record's
    'declined' row) with one id become one referral: the event fills in what the referral
    leaves empty. Two referrals, or two events, with one id are still a duplicate."""
    earlier = checked.referrals.get(record.ref)
    if earlier is None or earlier.completes == record.completes or record.ref in checked.completed:
        return False
    main, event = (record, earlier) if earlier.completes else (earlier, record)
    columns = dict(main.columns)
    for name, value in event.values.items():
        if main.values.get(name) in (None, "", []):
            main.values[name] = value
            if name in event.columns:
                columns[name] = event.columns[name]
    main.columns = columns
    checked.referrals[record.ref] = main
    seen[(record.kind, record.ref)] = main
    checked.completed.add(record.ref)
    return True


def _before(later: object, earlier: object) -> bool:
    return isinstance(later, date) and isinstance(earlier, date) and later < earlier


def check_records(records: list[Record]) -> Checked:
    checked = Checked()
    seen: dict[tuple[str, str], Record] = {}
    invalid: dict[tuple[str, str], Record] = {}
    repeated: set[tuple[str, int, str]] = set()  # referrals whose id a row used again
    for record in records:
        if not record.valid:
            if record.ref:
                invalid.setdefault((record.kind, record.ref), record)
            continue
        if record.kind == "person":
            _merge_person(checked, record)
            continue
        if record.kind == "referral" and _completed(checked, seen, record):
            continue
        duplicate = _first_use(seen, record)
        if duplicate is not None:
            if not follows_repeated_referral(record, repeated):
                checked.problems.append(duplicate)
            if record.kind == "referral":
                repeated.add((record.file, record.row, record.ref))
            continue
        if record.kind == "referral":
            checked.referrals[record.ref] = record
        else:
            checked.others.append(record)
    for referral in checked.referrals.values():
        person = checked.people.get(str(referral.values.get("person_ref")))
        broken = invalid.get(("person", str(referral.values.get("person_ref"))))
        if person is None and broken is not None:
            _depends(checked, referral, "person_ref", broken)
        elif person is None:
            checked.problems.append(
                _problem(
                    referral,
                    "person_ref",
                    "unknown_person",
                    f"person {quoted(str(referral.values.get('person_ref')))} is not in the files.",
                )
            )
        elif _before(referral.values.get("received_on"), person.values.get("date_of_birth")):
            checked.problems.append(
                _problem(
                    person,
                    "date_of_birth",
                    "date_of_birth_after_referral",
                    f"the date of birth {person.values['date_of_birth']} is after referral "
                    f"{quoted(referral.ref)} was received ({referral.values['received_on']}).",
                )
            )
        if _before(referral.values.get("closed_on"), referral.values.get("received_on")):
            checked.problems.append(
                _problem(
                    referral,
                    "closed_on",
                    "closed_before_referral",
                    f"the referral closed on {referral.values['closed_on']}, before it was "
                    f"received ({referral.values['received_on']}).",
                )
            )
    for record in checked.others:
        owner = checked.referrals.get(str(record.values.get("referral_ref")))
        broken = invalid.get(("referral", str(record.values.get("referral_ref"))))
        if owner is None and broken is not None:
            _depends(checked, record, "referral_ref", broken)
            continue
        if owner is None:
            checked.problems.append(
                _problem(
                    record,
                    "referral_ref",
                    "unknown_referral",
                    f"referral {quoted(str(record.values.get('referral_ref')))} is not in the "
                    "files.",
                )
            )
            continue
        if record.kind == "session" and _before(
            record.values.get("occurred_on"), owner.values.get("received_on")
        ):
            checked.problems.append(
                _problem(
                    record,
                    "occurred_on",
                    "session_before_referral",
                    f"the session on {record.values['occurred_on']} is before referral "
                    f"{quoted(owner.ref)} was received ({owner.values['received_on']}).",
                )
            )
        if record.kind == "questionnaire":
            scored, problems = score_questionnaire(record)
            checked.problems.extend(problems)
            if scored is not None:
                checked.scored[id(record)] = scored
    return checked
