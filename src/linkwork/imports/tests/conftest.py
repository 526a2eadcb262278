from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from linkwork.imports.harmonise.profile import PROFILE_DIR
from linkwork.testing.world import SmallWorld, build_small_world

EXAMPLES = PROFILE_DIR / "examples"

CASE_HEADERS = [
    "Client ID", "Referral ID", "NHS No", "DOB", "Gender", "Ethnicity", "Post Code",
    "Referral Date", "Referral Source", "Referral Reason(s)", "GP Practice Code",
    "First Contact Date", "Contact Method", "Closed Date", "Closure Reason", "SWEMWBS Date",
    "SWEMWBS Q1", "SWEMWBS Q2", "SWEMWBS Q3", "SWEMWBS Q4", "SWEMWBS Q5", "SWEMWBS Q6",
    "SWEMWBS Q7", "SWEMWBS Total", "Connected To", "Connection Date", "Financial Gain Type",
    "Financial Gain (£)", "Gain Date",
]  # fmt: skip

# A clean referral in the case-management layout; tests change one thing at a time.
GOOD_ROW = {
    "Client ID": "C1",
    "Referral ID": "R1",
    "NHS No": "943 476 5919",
    "DOB": "12/03/1958",
    "Gender": "Female",
    "Ethnicity": "White British",
    "Referral Date": "03/01/2025",
    "Referral Source": "GP",
    "Referral Reason(s)": "Loneliness",
    "GP Practice Code": "B86001",
    "First Contact Date": "14/01/2025",
    "Contact Method": "Telephone",
    "SWEMWBS Date": "14/01/2025",
    **{f"SWEMWBS Q{i}": "3" for i in range(1, 8)},
    "SWEMWBS Total": "21",
}


def csv_text(rows: list[dict[str, str]], headers: list[str] = CASE_HEADERS) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([row.get(h, "") for h in headers] for row in rows)
    return buf.getvalue()


@pytest.fixture
def case_file(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (dicts by header) as a case-management CSV; returns its path."""

    def write(
        *rows: dict[str, str],
        name: str = "caseload.csv",
        headers: list[str] = CASE_HEADERS,
        encoding: str = "utf-8",
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(csv_text(list(rows), headers).encode(encoding))
        return path

    return write


def swemwbs_world() -> SmallWorld:
    """The small world, its scheme taking SWEMWBS (the example exports' questionnaire)."""
    world = build_small_world()
    policy = world.scheme.policy
    policy.outcome_tools = ["swemwbs"]
    policy.save(update_fields=["outcome_tools"])
    return world
