"""Licensed wording: loaded from a documented file, validated, shown on the form.

The texts below are placeholders written for the tests; no questionnaire wording is shipped.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.outcomes.models import InstrumentWording
from linkwork.outcomes.scoring import get_definition
from linkwork.outcomes.wording import FORMAT, WordingError, parse_wording

UCLA: dict[str, Any] = {
    "instrument": "ucla3",
    "instructions": "Placeholder instructions.",
    "copyright": "Placeholder copyright line.",
    "options": ["Placeholder low", "Placeholder middle", "Placeholder high"],
    "items": {
        "companionship": "Placeholder question A?",
        "left_out": {"text": "Placeholder question B?", "options": ["L", "M", "H"]},
        "isolated": "Placeholder question C?",
    },
}


def lookup(instrument_id: str):
    try:
        return get_definition(instrument_id)
    except ValueError:
        return None


def parsed(entry: dict) -> list:
    return parse_wording({"format": FORMAT, "instruments": [entry]}, lookup)


def test_a_valid_file_parses() -> None:
    (wording,) = parsed(UCLA)
    assert wording.instrument_id == "ucla3"
    assert wording.definition_version == "1"
    assert wording.items["left_out"] == "Placeholder question B?"
    assert wording.options["companionship"] == (
        "Placeholder low",
        "Placeholder middle",
        "Placeholder high",
    )
    assert wording.options["left_out"] == ("L", "M", "H")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"instrument": "nope"}, "instruments[0].instrument: unknown instrument 'nope'"),
        (
            {"items": {"companionship": "A?", "left_out": "B?"}},
            "instruments[0].items: every item needs its wording; missing isolated",
        ),
        (
            {"items": {**UCLA["items"], "mood": "D?"}},
            "instruments[0].items: unknown item(s) mood",
        ),
        (
            {"options": ["one", "two"]},
            "instruments[0].options: item 'companionship' has 3 points (1 to 3), so it needs "
            "3 labels; got 2",
        ),
        ({"items": {**UCLA["items"], "isolated": ""}}, "items.isolated: must not be empty"),
        ({"colour": "blue"}, "instruments[0]: unexpected field(s): colour"),
    ],
)
def test_bad_files_are_explained(change: dict, message: str) -> None:
    with pytest.raises(WordingError) as caught:
        parsed({**UCLA, **change})
    assert message in caught.value.message


def test_format_and_duplicates_are_checked() -> None:
    with pytest.raises(WordingError, match="format: must be 'linkwork-wording/1'"):
        parse_wording({"format": "v0", "instruments": [UCLA]}, lookup)
    with pytest.raises(WordingError, match="appears more than once"):
        parse_wording({"format": FORMAT, "instruments": [UCLA, UCLA]}, lookup)


def test_score_only_items_take_no_options() -> None:
    pam = {"instrument": "pam", "items": {"score": "S", "level": "L"}, "options": ["a"] * 4}
    with pytest.raises(WordingError, match="'score' takes a score, not a choice"):
        parsed(pam)


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "wording.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_load_wording_command_stores_and_replaces(tmp_path: Path) -> None:
    path = write(tmp_path, {"format": FORMAT, "instruments": [UCLA]})
    out = StringIO()
    call_command("instruments", "load-wording", str(path), stdout=out)
    assert out.getvalue() == "Loaded wording for ucla3 (3 items).\n"
    row = InstrumentWording.objects.get()
    assert row.items["isolated"] == "Placeholder question C?"
    assert row.options["left_out"] == ["L", "M", "H"]
    assert row.copyright == "Placeholder copyright line."
    assert row.source_name == "wording.json"
    assert len(row.source_sha256) == 64
    changed = {**UCLA, "items": {**UCLA["items"], "isolated": "Changed?"}}
    call_command(
        "instruments",
        "load-wording",
        str(write(tmp_path, {"format": FORMAT, "instruments": [changed]})),
        stdout=out,
    )
    assert InstrumentWording.objects.get().items["isolated"] == "Changed?"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "{not json",
            "is not valid JSON: Expecting property name enclosed in double quotes at line 1",
        ),
        ({"format": FORMAT, "instruments": []}, "instruments: must be a list of at least one"),
        (
            {"format": FORMAT, "instruments": [UCLA, {**UCLA, "instrument": "gad7"}]},
            "instruments[1].items: unknown item(s)",
        ),
    ],
)
def test_load_wording_refuses_bad_files_and_stores_nothing(
    tmp_path: Path, content: object, message: str
) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("instruments", "load-wording", str(write(tmp_path, content)))
    assert message in str(caught.value)
    assert not InstrumentWording.objects.exists()


@pytest.mark.django_db
def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("instruments", "load-wording", str(tmp_path / "absent.json"))
