"""The monthly partitions' names and ranges, and the maintenance command's input, on either
database (what only PostgreSQL has is in test_partitions_postgresql.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.audit.partitions import months_ahead, next_month, partition_name


def test_months_run_across_the_year_end() -> None:
    assert months_ahead(date(2026, 11, 17), 3) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
    ]
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)


def test_partitions_are_named_for_their_month() -> None:
    assert partition_name(date(2027, 1, 1)) == "audit_auditevent_y2027m01"


@pytest.mark.parametrize("ahead", ["-1", "25"])
def test_months_ahead_out_of_range_is_refused_with_the_range(ahead: str) -> None:
    with pytest.raises(CommandError, match="--ahead must be between 0 and 24 months"):
        call_command("audit", "partitions", "--ahead", ahead)
