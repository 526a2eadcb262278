"""The reference date tests build demo worlds as of, so their worlds do not move with the
calendar. The demo itself is built as of the day it is built (`linkwork demo --reference-date`
chooses another day)."""

from __future__ import annotations

from datetime import date

PINNED_REFERENCE_DATE = date(2026, 10, 31)
