"""Before an import, a manager is told how many referrals name a practice the scheme does not
serve: each referral once, and only those that will be imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from linkwork.episodes.lifecycle import SNOMED_DECLINED, SNOMED_REFERRED
from linkwork.imports.harmonise.profile import load_profile
from linkwork.imports.services import scheme_check

from .conftest import GOOD_ROW, swemwbs_world
from .test_gp_codes import export

pytestmark = pytest.mark.django_db

ELSEWHERE = {"GP Practice Code": "Z99999"}


def notes(paths: list[Path], profile: str) -> list[str]:
    world = swemwbs_world()
    check = scheme_check(scheme=world.scheme, profile=load_profile(profile), paths=paths)
    return [n for n in check.notes if "does not serve" in n]


def test_rows_with_problems_are_not_counted(case_file: Callable[..., Path]) -> None:
    rows = [
        {**GOOD_ROW, **ELSEWHERE},
        {**GOOD_ROW, **ELSEWHERE, "Client ID": "C2", "Referral ID": "R2", "NHS No": "9434765870"},
        {**GOOD_ROW, **ELSEWHERE, "Client ID": "C3", "Referral ID": "R3", "NHS No": "1234567890"},
    ]
    (note,) = notes([case_file(*rows)], "case-management")
    assert note.startswith("2 referrals name a practice")
    assert "(Z99999)" in note


def test_a_referral_on_several_rows_is_counted_once(tmp_path: Path) -> None:
    path = export(
        tmp_path, ("06/01/2025", SNOMED_REFERRED, ""), ("20/01/2025", SNOMED_DECLINED, "")
    )
    path.write_text(path.read_text().replace("B86001", "Z99999"))
    (note,) = notes([path], "gp-system-snomed")
    assert note.startswith("1 referral names a practice")
