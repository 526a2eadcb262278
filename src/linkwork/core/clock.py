"""The one clock domain code reads for "today".

Rules never call `timezone.localdate()` themselves: they ask `today()`, which the setting
`LINKWORK_TODAY` (environment variable of the same name) can fix, so the demo world and tests
see a stable day whatever the wall clock says. Rules that expire by the hour (emergency access)
ask `now()`, which the setting `LINKWORK_NOW` can fix so tests can move time forward.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def today() -> date:
    fixed: date | None = getattr(settings, "LINKWORK_TODAY", None)
    return fixed if fixed is not None else timezone.localdate()


def now() -> datetime:
    fixed: datetime | None = getattr(settings, "LINKWORK_NOW", None)
    return fixed if fixed is not None else timezone.now()
