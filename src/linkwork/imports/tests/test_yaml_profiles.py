"""Profiles written in YAML: read with PyYAML's safe loader, checked against the same schema as
JSON profiles, and every mistake named by its line and field."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import (
    PROFILE_DIR,
    load_profile,
    parse_profile_text,
)

from .conftest import EXAMPLES

# A small profile in YAML: the first line a mistake is put on is counted from here.
SMALL = """\
profile: small
title: A small profile
provenance: Written for the tests.
format:
  kind: csv
  date_formats: ["%d/%m/%Y"]
records:
  - kind: person
    fields:
      person_ref: {column: Client ID}
"""


def refused(text: str, name: str = "mine.yaml") -> str:
    with pytest.raises(ImportInputError) as caught:
        parse_profile_text(text, source=name)
    assert caught.value.code == "profile_invalid"
    return caught.value.message


def test_a_yaml_profile_reads_as_its_json_twin() -> None:
    profile, data = parse_profile_text(SMALL, source="small.yaml")
    twin, _ = parse_profile_text(json.dumps(data), source="small.json")
    assert profile == twin
    assert profile.records[0].fields["person_ref"].column == "Client ID"


def test_the_shipped_gp_profile_is_yaml_and_imports_its_example() -> None:
    assert (PROFILE_DIR / "gp-system-snomed.yaml").is_file()
    assert not (PROFILE_DIR / "gp-system-snomed.json").exists()
    run = run_import(load_profile("gp-system-snomed"), [EXAMPLES / "gp-system-snomed-example.csv"])
    assert [r for r in run.records if r.kind == "referral"]


def test_malformed_yaml_names_the_line_and_column() -> None:
    broken = SMALL.replace("  kind: csv\n", "  kind: [csv\n")
    message = refused(broken)
    assert message.startswith("The profile mine.yaml is not readable YAML (line ")
    # The bracket opened on line 5 is still open where the next key starts.
    assert "(line 6, column 15: expected ',' or ']', but got ':')" in message


def test_a_tab_indented_yaml_profile_is_refused_with_its_line() -> None:
    message = refused(SMALL.replace("  kind: csv", "\tkind: csv"))
    assert "not readable YAML (line 5, column 1" in message


def test_a_yaml_profile_that_breaks_the_schema_names_field_and_line() -> None:
    broken = SMALL.replace("kind: csv", "kind: tsv").replace(
        "provenance: Written for the tests.\n", ""
    )
    message = refused(broken)
    assert message.startswith("The profile mine.yaml is not valid")
    assert (
        'the top level of the profile (line 1): the key "provenance" is missing; add it.' in message
    )
    assert 'format.kind (line 4): "tsv" is not allowed; use one of csv, xlsx.' in message
    assert "required property" not in message


def test_a_yaml_profile_with_a_field_linkwork_lacks_is_refused() -> None:
    message = refused(SMALL + "      shoe_size: {column: Shoes}\n")
    assert "records/0 (person)/fields/shoe_size: not a person field" in message


def test_a_key_yaml_reads_as_a_number_or_boolean_must_be_quoted() -> None:
    codes = SMALL + "value_maps:\n  sex:\n    vocabulary: sex\n    values:\n      1: male\n"
    message = refused(codes)
    assert "line 15, column 7: the key '1' is read as int, not text; put it in quotes" in message
    yes = codes.replace("      1: male", "      Yes: male")
    assert "the key 'Yes' is read as bool, not text" in refused(yes)


def test_a_value_yaml_reads_as_a_boolean_is_named_by_line() -> None:
    text = SMALL + "value_maps:\n  sex:\n    vocabulary: sex\n    values:\n      M: yes\n"
    message = refused(text)
    assert (
        "value_maps.sex.values.M (line 15): give text or empty here, not true (YAML reads yes, "
        "no, on and off as true or false: put the value in quotes to mean the text)." in message
    )
    assert "is not of type" not in message


def test_a_key_the_profile_format_lacks_is_named_with_the_keys_allowed() -> None:
    message = refused(SMALL.replace("  kind: csv\n", "  kind: csv\n  colour: red\n"))
    assert 'format (line 5): the key "colour" is not one a profile has here; remove it or ' in (
        message
    )
    assert "(the keys allowed here are date_formats, kind, list_separator," in message
    assert "Additional properties" not in message


def test_wrong_kinds_empty_texts_short_lists_and_bad_names_are_said_plainly() -> None:
    assert "title (line 2): give text here, not the number 12." in refused(
        SMALL.replace("title: A small profile", "title: 12")
    )
    assert "title (line 2): this is empty; write the text it needs." in refused(
        SMALL.replace("title: A small profile", 'title: ""')
    )
    assert "format.date_formats (line 6): give at least 1 item here." in refused(
        SMALL.replace('date_formats: ["%d/%m/%Y"]', "date_formats: []")
    )
    named = refused(SMALL.replace("profile: small", "profile: My System"))
    assert 'profile (line 1): "My System" is not allowed; use lower-case letters, digits and ' in (
        named
    )
    listed = refused(SMALL.replace("records:\n  - kind: person", "records:\n  - kind: shoe"))
    assert 'records[0].kind (line 8): "shoe" is not allowed; use one of ' in listed


def test_a_key_given_twice_is_refused() -> None:
    message = refused(SMALL.replace("title: A small profile\n", "title: One\ntitle: Two\n"))
    assert "line 3, column 1: the key 'title' is given twice" in message


def test_yaml_tags_that_build_objects_are_refused() -> None:
    message = refused(SMALL.replace("title: A small profile", "title: !!python/object:os.system x"))
    assert "not readable YAML (line 2, column 8: could not determine a constructor" in message


def test_an_alias_bomb_is_refused_at_once_naming_its_line() -> None:
    # Eight levels of nine aliases each: about 43 million values once expanded.
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 8)]
    bomb = SMALL.replace("records:", "\n".join(levels) + "\nrecords: *a7\nunused:")
    started = time.perf_counter()
    message = refused(bomb)
    assert time.perf_counter() - started < 1
    assert "not readable YAML (line 7, column 5: &a0 is an anchor or alias" in message
    assert "write the value out in full" in message


def test_an_alias_to_a_small_value_is_refused_too() -> None:
    text = SMALL.replace("title: A small profile", "title: &t A small profile\ndescription: *t")
    assert "line 2, column 8: &t is an anchor or alias" in refused(text)


def test_json_in_a_json_file_is_still_read_as_json() -> None:
    message = refused("profile: small\n", name="mine.json")
    assert "is not readable JSON" in message
    assert "YAML in a file named .yaml or .yml" in message


def test_check_reads_a_yaml_profile_by_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load((PROFILE_DIR / "gp-system-snomed.yaml").read_text(encoding="utf-8"))
    data["profile"] = "our-practice"
    path = tmp_path / "our-practice.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(CommandError, match="6 problem"):
        call_command(
            "import",
            "check",
            "--profile",
            str(path),
            str(EXAMPLES / "gp-system-snomed-example.csv"),
        )
    out = capsys.readouterr().out
    assert "invalid_nhs_number" in out
