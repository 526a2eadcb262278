"""The indicator rules on hand-made facts: each figure, and disclosure of small counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from linkwork.workforce.indicators import (
    SUPPRESSED,
    PostFacts,
    Standard,
    combine,
    disclose,
    display,
    overlap_days,
)

START, END = date(2026, 1, 1), date(2026, 12, 31)
MONTHLY = Standard(supervision_interval_days=28, required_courses=frozenset({"Safeguarding"}))


def post(**kw: object) -> PostFacts:
    fields: dict[str, object] = {
        "wte": Decimal("1.00"),
        "started_on": date(2025, 1, 1),
        "ended_on": None,
        "filled": True,
        "standard": MONTHLY,
    }
    fields.update(kw)
    return PostFacts(**fields)  # type: ignore[arg-type]


def test_overlap_counts_both_ends() -> None:
    assert overlap_days(date(2026, 12, 1), None, START, END) == 31
    assert overlap_days(date(2025, 1, 1), date(2025, 12, 31), START, END) == 0


def test_caseload_per_wte_uses_the_filled_posts_only() -> None:
    figures = combine(
        [
            post(caseload=30),
            post(wte=Decimal("0.50"), caseload=15),
            post(filled=False, wte=Decimal("1.00")),
        ],
        START,
        END,
    )
    assert figures.caseload_per_wte == pytest.approx(30.0)
    assert figures.vacancy_rate == pytest.approx(1 / 2.5)
    assert figures.headcount == 2


def test_supervision_against_the_standard() -> None:
    monthly = tuple(date(2026, m, 10) for m in range(1, 13))  # 12 held, 365/28 = 13.04 due
    figures = combine(
        [post(supervision_dates=(*monthly, date(2026, 12, 20))), post(supervision_dates=monthly)],
        START,
        END,
    )
    assert figures.supervision_due == pytest.approx(2 * 365 / 28, abs=0.01)
    assert figures.supervision_held == 25
    assert figures.meeting_supervision == 1  # 13 meets the whole 13 due; 12 does not


def test_training_coverage_needs_every_required_course() -> None:
    figures = combine(
        [post(courses_done=frozenset({"Safeguarding", "Motivational interviewing"})), post()],
        START,
        END,
    )
    assert figures.training_coverage == pytest.approx(0.5)


def test_turnover_is_leavers_over_average_headcount() -> None:
    posts = [post() for _ in range(3)] + [post(ended_on=date(2026, 6, 30))]
    figures = combine(posts, START, END)
    assert figures.leavers == 1
    assert figures.average_headcount == pytest.approx(3.5)
    assert figures.turnover_rate == pytest.approx(1 / 3.5)


def test_small_counts_and_their_rates_are_hidden() -> None:
    big_posts = [post(courses_done=frozenset({"Safeguarding"})) for _ in range(20)]
    small_posts = [post(ended_on=date(2026, 3, 1)), post()]
    big, small = combine(big_posts, START, END), combine(small_posts, START, END)
    total = combine(big_posts + small_posts, START, END)
    result = disclose({"a": big, "b": small, "m": total}, {"m": ["a", "b"]}, threshold=10)
    assert not result.shows("b", "leavers")
    assert not result.shows("b", "turnover_rate")
    shown = display(small, result.hidden["b"])
    assert shown["turnover_rate"] == SUPPRESSED
    # One holder in one post: the posts, their WTE and the vacancy rate would give the
    # hidden number of link workers, so they hide with it.
    assert not result.shows("b", "headcount")
    hidden_with_it = ("posts", "funded_wte", "vacancy_rate", "caseload_per_wte")
    assert [shown[name] for name in hidden_with_it] == [SUPPRESSED] * 4
    alone = disclose({"a": big}, {}, threshold=10)
    assert alone.shows("a", "headcount")
    assert display(big, alone.hidden.get("a", set()))["posts"] == "20"


def test_all_but_a_few_is_as_small_as_a_few() -> None:
    """19 of 20 trained would single out the one who was not."""
    done = frozenset({"Safeguarding"})
    figures = combine([post(courses_done=done) for _ in range(19)] + [post()], START, END)
    result = disclose({"a": figures}, {}, threshold=10)
    assert not result.shows("a", "training_coverage")
    everyone = combine([post(courses_done=done) for _ in range(20)], START, END)
    assert disclose({"a": everyone}, {}, threshold=10).shows("a", "training_coverage")


def test_a_share_of_a_hidden_headcount_is_hidden_even_at_zero() -> None:
    """0% of a group of one says that one link worker missed supervision."""
    figures = combine([post()], START, END)
    assert figures.meeting_supervision == 0
    result = disclose({"a": figures}, {}, threshold=10)
    assert not result.shows("a", "supervision_share")
    assert display(figures, result.hidden["a"])["supervision_share"] == SUPPRESSED
