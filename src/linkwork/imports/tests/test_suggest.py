"""`profile suggest` drafts a profile from headers and values for a person to check."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from linkwork.imports.harmonise.profile import PROFILE_DIR, load_profile
from linkwork.imports.harmonise.suggest import suggest_profile

from .conftest import EXAMPLES, GOOD_ROW


def _fields(draft: dict[str, Any]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for block in draft["records"]:
        found[block["kind"]] = {name: src["column"] for name, src in block["fields"].items()}
    return found


def test_it_proposes_the_template_profiles_fields_for_the_template_headers() -> None:
    draft = suggest_profile([PROFILE_DIR / "linkwork-template.xlsx"])
    proposed = _fields(draft)
    shipped = load_profile("linkwork-template")
    for block in shipped.records:
        expected = {name: source.column for name, source in block.fields.items() if source.column}
        assert proposed[block.kind] == expected, block.kind
    sheets = ("People", "Referrals", "Sessions", "SWEMWBS", "Connections", "Financial gains")
    assert draft["format"]["sheets"] == {s: s for s in sheets}


def test_coded_values_get_guesses_marked_for_review() -> None:
    draft = suggest_profile([EXAMPLES / "linkwork-template-example.xlsx"])
    source_map = draft["value_maps"]["referrals-source"]
    assert source_map["vocabulary"] == "referral_source"
    assert source_map["values"]["Self-referral"] == "self"
    assert source_map["values"]["gp"] == "gp"
    review = draft["review"]
    assert "value_maps.referrals-source: 'Self-referral' -> 'self'?" in review
    assert (
        "value_maps.referrals-source: 'Pharmacy' has no guess; add it or leave it for the "
        "import to report." in review
    )


def test_a_draft_cannot_be_used_until_reviewed(tmp_path: Path) -> None:
    draft = suggest_profile([EXAMPLES / "case-management-example.csv"])
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(draft))
    with pytest.raises(Exception, match='the key "review" is not one a profile has here'):
        load_profile(str(path))


def test_suggest_command_prints_json(
    case_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("import", "profile", "suggest", str(case_file(GOOD_ROW)), "--name", "ours")
    draft = json.loads(capsys.readouterr().out)
    assert draft["profile"] == "ours"
    assert _fields(draft)["person"]["date_of_birth"] == "DOB"
