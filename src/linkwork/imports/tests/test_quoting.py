"""A value in a problem message is shown as a person can read it, invisible characters named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.profile import load_profile
from linkwork.imports.harmonise.quoting import quoted

from .conftest import GOOD_ROW


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Face to face", "'Face to face'"),
        ("M\u200b", "'M[zero-width space]'"),
        ("Social\xa0worker", "'Social[non-breaking space]worker'"),
        ("Tele\\phone", "'Tele\\phone'"),
        ("Don't know", "'Don't know'"),
        ("x" * 70, "'" + "x" * 60 + "…'"),
    ],
)
def test_a_value_is_quoted_as_it_reads(value: str, shown: str) -> None:
    assert quoted(value) == shown


def test_an_unmapped_code_with_an_invisible_character_names_it(
    case_file: Callable[..., Path],
) -> None:
    path = case_file({**GOOD_ROW, "Referral Source": "GP\u200b"})
    problems = run_import(load_profile("case-management"), [path]).report.problems
    assert [p.code for p in problems] == ["unmapped_code"]
    assert problems[0].message.startswith("'GP[zero-width space]' is not a referral source")


def test_an_id_in_a_message_is_quoted_the_same_way(case_file: Callable[..., Path]) -> None:
    first = {**GOOD_ROW, "Referral ID": "R\xa01"}
    second = {**GOOD_ROW, "Referral ID": "R\xa01", "Client ID": "C2", "NHS No": "9434765870"}
    problems = run_import(load_profile("case-management"), [case_file(first, second)])
    messages = [p.message for p in problems.report.problems if p.code == "duplicate_id"]
    assert messages[0].startswith("referral id 'R[non-breaking space]1' is already used")


def test_problems_speak_a_scheme_managers_words(case_file: Callable[..., Path]) -> None:
    """No canonical field name, record kind or strftime code reaches a problem message, and
    a referral id used again is one mistake, said once (not again for each record whose id is
    made from it)."""
    again = {**GOOD_ROW, "Client ID": "C2", "NHS No": "", "SWEMWBS Q1": "4"}
    bad_date = {**GOOD_ROW, "Referral ID": "R3", "Referral Date": "31/02/2025"}
    run = run_import(load_profile("case-management"), [case_file(GOOD_ROW, again, bad_date)])
    text = " ".join(p.message for p in run.report.problems)
    assert "the profile reads dates written like 31/01/2025" in text
    on_row_3 = [(p.field, p.message) for p in run.report.problems if p.row == 3]
    assert on_row_3 == [
        (
            "Referral ID",
            "referral id 'R1' is already used on caseload.csv row 2; each record needs its own id.",
        )
    ]
    for word in ("%d", "%Y", "_ref", "administration", "nhs number", "financial_gain"):
        assert word not in text, word
