"""Periods and continuity arithmetic (pure)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.implementation.continuity import (
    AbsenceSpan,
    CoverSpan,
    gap_days,
    overlap_days,
    uncovered_days,
)
from linkwork.implementation.periods import (
    PeriodError,
    latest_complete_quarter,
    parse_period,
    quarter_of,
    trailing_periods,
)


def test_quarters_and_ranges_parse() -> None:
    q = parse_period("2026-q3")
    assert (q.start, q.end, q.label, q.days) == (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3", 92)
    r = parse_period(" 2026-02-01..2026-02-28 ")
    assert (r.days, r.label, r.is_quarter) == (28, "2026-02-01..2026-02-28", False)
    assert parse_period("2024-Q1").end == date(2024, 3, 31)
    assert parse_period("2026-Q4").end == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-Q5", "not a period"),
        ("Q3 2026", "not a period"),
        ("2026-02-30..2026-03-01", "does not exist"),
        ("2026-03-01..2026-02-01", "ends before it starts"),
        ("2025-01-01..2026-06-30", "at most 366 days"),
    ],
)
def test_malformed_periods_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


def test_latest_complete_quarter_never_includes_the_reference_day() -> None:
    assert latest_complete_quarter(date(2026, 10, 31)).label == "2026-Q3"
    assert latest_complete_quarter(date(2026, 10, 1)).label == "2026-Q3"
    assert latest_complete_quarter(date(2026, 9, 30)).label == "2026-Q2"
    assert latest_complete_quarter(date(2026, 1, 15)).label == "2025-Q4"


def test_trailing_periods_step_back_by_quarter_or_by_length() -> None:
    labels = [p.label for p in trailing_periods(parse_period("2026-Q1"), 3)]
    assert labels == ["2025-Q3", "2025-Q4", "2026-Q1"]
    ranges = trailing_periods(parse_period("2026-03-01..2026-03-10"), 2)
    assert (ranges[0].start, ranges[0].end) == (date(2026, 2, 19), date(2026, 2, 28))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_day_is_in_its_quarter(day: date) -> None:
    q = quarter_of(day)
    assert q.start <= day <= q.end
    assert latest_complete_quarter(day).end < day


JAN = (date(2026, 1, 1), date(2026, 1, 31))


def test_uncovered_days_counts_gaps_leave_and_partial_cover() -> None:
    spans = [CoverSpan("a", date(2025, 1, 1), date(2026, 1, 10)), CoverSpan("b", date(2026, 1, 20))]
    assert uncovered_days(start=JAN[0], end=JAN[1], coverage=spans, absences=[]) == 9
    leave = [AbsenceSpan("b", date(2026, 1, 25), None, full_cover=False)]
    assert uncovered_days(start=JAN[0], end=JAN[1], coverage=spans, absences=leave) == 16
    covered = [AbsenceSpan("b", date(2026, 1, 25), None, full_cover=True)]
    assert uncovered_days(start=JAN[0], end=JAN[1], coverage=spans, absences=covered) == 9


def test_a_colleague_in_post_covers_a_day_and_a_covered_vacancy_too() -> None:
    spans = [CoverSpan("a", date(2025, 1, 1)), CoverSpan("b", date(2025, 1, 1))]
    leave = [AbsenceSpan("a", date(2026, 1, 1), date(2026, 1, 31), full_cover=False)]
    assert uncovered_days(start=JAN[0], end=JAN[1], coverage=spans, absences=leave) == 0
    vacancy = [AbsenceSpan(None, date(2026, 1, 1), date(2026, 1, 10), full_cover=True)]
    assert uncovered_days(start=JAN[0], end=JAN[1], coverage=[], absences=vacancy) == 21


@given(
    starts=st.lists(st.integers(0, 60), max_size=4),
    lengths=st.lists(st.integers(0, 40), max_size=4),
    leave=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20), st.booleans()), max_size=3),
)
def test_uncovered_days_stay_within_the_period_and_more_cover_never_hurts(
    starts: list[int], lengths: list[int], leave: list[tuple[int, int, bool]]
) -> None:
    base = date(2026, 1, 1)
    spans = [
        CoverSpan(str(i), base + timedelta(days=s), base + timedelta(days=s + n))
        for i, (s, n) in enumerate(zip(starts, lengths, strict=False))
    ]
    absences = [
        AbsenceSpan(str(i), base + timedelta(days=s), base + timedelta(days=s + n), full)
        for i, (s, n, full) in enumerate(leave)
    ]
    missing = uncovered_days(start=JAN[0], end=JAN[1], coverage=spans, absences=absences)
    assert 0 <= missing <= 31
    everyone = [*spans, CoverSpan("extra", base)]
    assert uncovered_days(start=JAN[0], end=JAN[1], coverage=everyone, absences=absences) == 0


def test_overlap_and_gap_days() -> None:
    assert (
        overlap_days(outgoing_last_day=date(2026, 8, 14), incoming_first_day=date(2026, 8, 3)) == 12
    )
    assert (
        overlap_days(outgoing_last_day=date(2026, 8, 3), incoming_first_day=date(2026, 8, 3)) == 1
    )
    assert (
        overlap_days(outgoing_last_day=date(2026, 8, 2), incoming_first_day=date(2026, 8, 3)) == 0
    )
    assert gap_days(outgoing_last_day=date(2026, 7, 31), incoming_first_day=date(2026, 9, 14)) == 44
    assert gap_days(outgoing_last_day=date(2026, 8, 14), incoming_first_day=date(2026, 8, 3)) == 0


def test_a_backwards_period_is_refused() -> None:
    with pytest.raises(ValueError, match="ends before"):
        uncovered_days(start=JAN[1], end=JAN[0], coverage=[], absences=[])
