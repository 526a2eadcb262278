"""How big a demo world is: `--scale` as a multiple of the demo, or as a share of a national
year. Pure Python.

`--scale 1` is the demo world: the five study regions with about 4,700 referrals. A national
year is about 1.5 million referrals, 7,400 practices and 3,800 link workers; `national`,
`0.1national` and `1/100national` name a share of it, parsed into the same multiple of the
demo, so every scale is one number."""

from __future__ import annotations

import math
import re
from fractions import Fraction

DEMO_REFERRALS = 4_665
"""Referrals the demo world holds at scale 1 with seed 1 (other seeds differ by a few percent)."""
NATIONAL_REFERRALS = 1_500_000
NATIONAL_PRACTICES = 7_400
NATIONAL_LINK_WORKERS = 3_800
NATIONAL_SCALE = NATIONAL_REFERRALS / DEMO_REFERRALS
"""A national year as a multiple of the demo world."""
CASELOAD = NATIONAL_REFERRALS / NATIONAL_LINK_WORKERS
"""Referrals a link worker takes on over the world's history once worlds outgrow the demo
(about 400, as in practice)."""

_SHARE = re.compile(r"^\s*(?:(?P<share>[0-9.]+(?:/[0-9.]+)?)\s*)?national\s*$", re.IGNORECASE)


class ScaleError(ValueError):
    pass


def parse_scale(raw: str) -> float:
    """`2`, `0.5`, `national`, `0.1national`, `1/100national` as a multiple of the demo."""
    text = raw.strip()
    match = _SHARE.match(text)
    try:
        if match is None:
            value = float(text)
        else:
            share = match.group("share") or "1"
            numerator, _, denominator = share.partition("/")
            fraction = Fraction(numerator) / Fraction(denominator or "1")
            value = float(fraction) * NATIONAL_SCALE
    except (ValueError, ZeroDivisionError) as exc:
        raise ScaleError(
            f"--scale {raw!r} is not a number or a share of a national year: give e.g. 1, 0.2, "
            "national, 0.1national or 1/100national."
        ) from exc
    if not value > 0:
        raise ScaleError("--scale must be greater than 0.")
    return value


def national_share(scale: float) -> float:
    return scale / NATIONAL_SCALE


def practices_wanted(scale: float) -> int:
    """Practices a world of this scale holds at national proportions (the study regions'
    practices are the floor: every world holds them)."""
    return round(NATIONAL_PRACTICES * national_share(scale))


def link_workers_for(
    *, patients: int, referrals: int, scale: float, patients_per_worker: int
) -> int:
    """Link workers of one scheme. Up to scale 1 (the demo and its smaller test worlds) a scheme
    keeps one link worker per `patients_per_worker` registered patients, so demo logins browse
    light caseloads; larger worlds are staffed at a national caseload per link worker."""
    if scale <= 1:
        return max(1, math.ceil(patients * scale / patients_per_worker))
    return max(1, round(referrals / CASELOAD))
