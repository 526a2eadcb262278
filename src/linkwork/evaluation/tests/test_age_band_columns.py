"""The age band worked out over whole columns is the one worked out row by row."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from linkwork.evaluation.dataset.pseudonymise import referral_age_band, referral_age_band_expr

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))
LEAP_DAYS = st.sampled_from([date(1960, 2, 29), date(2000, 2, 29), date(2024, 2, 29)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), DAYS, LEAP_DAYS), DAYS), min_size=1, max_size=60))
def test_columns_and_rows_agree(pairs: list[tuple[date | None, date]]) -> None:
    frame = pl.DataFrame(
        {"born": [b for b, _ in pairs], "received": [r for _, r in pairs]},
        schema={"born": pl.Date, "received": pl.Date},
    )
    bands = frame.select(referral_age_band_expr(pl.col("born"), pl.col("received"))).to_series()
    assert bands.to_list() == [referral_age_band(born, received) for born, received in pairs]


def test_birthdays_on_the_edge() -> None:
    pairs = [
        (date(2010, 12, 31), date(2026, 12, 30)),  # 15 the day before turning 16
        (date(2010, 12, 31), date(2026, 12, 31)),  # 16 on the day
        (date(2008, 2, 29), date(2024, 2, 28)),  # 15: a leap-day birthday not yet reached
        (date(2008, 2, 29), date(2024, 3, 1)),
        (date(2027, 1, 1), date(2026, 1, 1)),  # born after the referral: unknown
        (None, date(2026, 1, 1)),
    ]
    frame = pl.DataFrame(
        {"born": [b for b, _ in pairs], "received": [r for _, r in pairs]},
        schema={"born": pl.Date, "received": pl.Date},
    )
    bands = frame.select(referral_age_band_expr(pl.col("born"), pl.col("received"))).to_series()
    assert bands.to_list() == ["0-15", "16-24", "0-15", "16-24", None, None]
