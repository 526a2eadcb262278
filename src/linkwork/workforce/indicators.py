"""Workforce indicators for a scheme or a delivery model over a period. Pure Python, no Django:
the selectors turn the records into `PostFacts`, these rules turn facts into figures.

- Caseload per WTE: open episodes held by the post holders over the WTE of the filled posts.
- Supervision: sessions of supervision held in the period against what the scheme's standard
  asks for (one every `interval_days` while the post is filled); a post meets the standard
  when it had at least the whole number of sessions due.
- Training coverage: the share of filled posts whose holder has done every course the scheme
  requires.
- Vacancy rate: the vacant share of funded WTE at the end of the period.
- Turnover rate: holders who left in the period over the average of the headcounts at its
  start and end (the NHS workforce statistics' definition).

Counts of link workers are counts of people: `disclose` hides those from 1 to the threshold
less one, and any rate built on a hidden count, with the rules of `stats.disclosure`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

# Through the package, whose names load on first use: disclosure control needs numpy, which
# a web process must not import until a page asks for indicators.
from linkwork import stats

if TYPE_CHECKING:
    from linkwork.stats.disclosure import Margin

__all__ = [
    "PERSON_COUNTS",
    "Disclosed",
    "Indicators",
    "PostFacts",
    "Standard",
    "combine",
    "disclose",
    "display",
    "overlap_days",
]


@dataclass(frozen=True)
class Standard:
    supervision_interval_days: int
    required_courses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PostFacts:
    """One post as the indicators need it. `filled` posts have a holder; a post without one
    is a vacancy."""

    wte: Decimal
    started_on: date
    ended_on: date | None
    filled: bool
    standard: Standard
    supervision_dates: tuple[date, ...] = ()
    courses_done: frozenset[str] = frozenset()
    caseload: int = 0
    wellbeing: float | None = None  # the holder's latest mean answer in the period


def overlap_days(start: date, end: date | None, period_start: date, period_end: date) -> int:
    """Days, both ends included, that [start, end] shares with the period."""
    first = max(start, period_start)
    last = min(end or period_end, period_end)
    return max(0, (last - first).days + 1)


def _open_on(post: PostFacts, day: date) -> bool:
    return post.started_on <= day and (post.ended_on is None or post.ended_on >= day)


def _ratio(top: float, bottom: float) -> float | None:
    return top / bottom if bottom else None


@dataclass(frozen=True)
class Indicators:
    posts: int
    funded_wte: Decimal
    vacant_wte: Decimal
    headcount: int
    caseload: int
    filled_wte: Decimal
    supervision_due: float
    supervision_held: int
    meeting_supervision: int
    training_complete: int
    leavers: int
    average_headcount: float
    wellbeing_answered: int
    wellbeing_mean: float | None

    @property
    def caseload_per_wte(self) -> float | None:
        return _ratio(self.caseload, float(self.filled_wte))

    @property
    def supervision_ratio(self) -> float | None:
        return _ratio(self.supervision_held, self.supervision_due)

    @property
    def supervision_share(self) -> float | None:
        return _ratio(self.meeting_supervision, self.headcount)

    @property
    def training_coverage(self) -> float | None:
        return _ratio(self.training_complete, self.headcount)

    @property
    def vacancy_rate(self) -> float | None:
        return _ratio(float(self.vacant_wte), float(self.funded_wte))

    @property
    def turnover_rate(self) -> float | None:
        return _ratio(self.leavers, self.average_headcount)


def combine(posts: Iterable[PostFacts], period_start: date, period_end: date) -> Indicators:
    """The indicators of a set of posts (a scheme's, or every scheme's of one model)."""
    posts = list(posts)
    at_end = [p for p in posts if _open_on(p, period_end)]
    filled_end = [p for p in at_end if p.filled]
    filled_start = [p for p in posts if p.filled and _open_on(p, period_start)]
    leavers = [
        p
        for p in posts
        if p.filled and p.ended_on is not None and period_start <= p.ended_on < period_end
    ]
    due_total = 0.0
    held_total = 0
    meeting = 0
    for post in filled_end:
        days = overlap_days(post.started_on, post.ended_on, period_start, period_end)
        due = days / post.standard.supervision_interval_days
        held = sum(1 for d in post.supervision_dates if period_start <= d <= period_end)
        due_total += due
        held_total += held
        meeting += held >= int(due)
    wellbeing = [p.wellbeing for p in filled_end if p.wellbeing is not None]
    return Indicators(
        posts=len(at_end),
        funded_wte=sum((p.wte for p in at_end), Decimal(0)),
        vacant_wte=sum((p.wte for p in at_end if not p.filled), Decimal(0)),
        headcount=len(filled_end),
        caseload=sum(p.caseload for p in filled_end),
        filled_wte=sum((p.wte for p in filled_end), Decimal(0)),
        supervision_due=round(due_total, 2),
        supervision_held=held_total,
        meeting_supervision=meeting,
        training_complete=sum(
            1 for p in filled_end if p.standard.required_courses <= p.courses_done
        ),
        leavers=len(leavers),
        average_headcount=(len(filled_start) + len(filled_end)) / 2,
        wellbeing_answered=len(wellbeing),
        wellbeing_mean=round(sum(wellbeing) / len(wellbeing), 2) if wellbeing else None,
    )


# Counts of people that disclosure control protects, each with the measures that rest on it,
# and the count of the same group that each is a part of.
PERSON_COUNTS: dict[str, tuple[str, ...]] = {
    # Every share and mean is of the link workers: with their number hidden, a 0% or 100%
    # would still tell something about each of them. Posts, their WTE and the vacancy rate
    # give the filled posts, near enough the number of holders, so they hide with it; and
    # caseload per WTE is worked out over the filled posts' WTE.
    "headcount": (
        "supervision_share",
        "training_coverage",
        "turnover_rate",
        "wellbeing_mean",
        "posts",
        "funded_wte",
        "vacancy_rate",
        "caseload_per_wte",
    ),
    "leavers": ("turnover_rate",),
    "meeting_supervision": ("supervision_share",),
    "training_complete": ("training_coverage",),
    "wellbeing_answered": ("wellbeing_mean",),
}
_PART_OF = {
    "leavers": "headcount_start",
    "meeting_supervision": "headcount",
    "training_complete": "headcount",
    "wellbeing_answered": "headcount",
}


@dataclass
class Disclosed:
    """What may be shown of each group's indicators: `hidden[group]` names the counts and
    measures to show as suppressed."""

    hidden: dict[str, set[str]] = field(default_factory=dict)

    def shows(self, group: str, name: str) -> bool:
        return name not in self.hidden.get(group, set())


Cell = tuple[str, str]


def disclose(
    groups: Mapping[str, Indicators],
    totals: Mapping[str, Sequence[str]],
    *,
    threshold: int,
) -> Disclosed:
    """Hide the small counts of link workers (and what is worked out from them) across the
    groups shown together. `totals` maps a total group (a delivery model) to the groups that
    add up to it (its schemes). Each count's complement within its group (those who did not
    leave, were not trained) is a group of people too, never published, so "10 of 11 trained"
    cannot single out the one who was not."""
    counts: dict[Cell, int] = {}
    margins: list[Margin[Cell]] = []
    unpublished: list[Cell] = []
    for group, figures in groups.items():
        counts[(group, "headcount")] = figures.headcount
        counts[(group, "headcount_start")] = max(
            figures.leavers, round(2 * figures.average_headcount) - figures.headcount
        )
        unpublished.append((group, "headcount_start"))
        for name, whole in _PART_OF.items():
            value = getattr(figures, name)
            counts[(group, name)] = value
            counts[(group, f"{name}:rest")] = counts[(group, whole)] - value
            unpublished.append((group, f"{name}:rest"))
            margins.append(
                stats.Margin(total=(group, whole), parts=((group, name), (group, f"{name}:rest")))
            )
    for total, parts in totals.items():
        for name in (*PERSON_COUNTS, "headcount_start"):
            margins.append(stats.Margin(total=(total, name), parts=tuple((p, name) for p in parts)))
    try:
        hidden = stats.protect(counts, margins, threshold=threshold, unpublished=unpublished).hidden
    except ValueError:
        # No set of cells protects every small count: publish none of the counts of people.
        hidden = {(group, name) for group in groups for name in PERSON_COUNTS}
    result = Disclosed()
    for group, name in hidden:
        if name in PERSON_COUNTS:
            result.hidden.setdefault(group, set()).update({name, *PERSON_COUNTS[name]})
    return result


SUPPRESSED = "[c]"
NONE = "n/a"  # nothing to divide by  # as in official statistics: confidential, a small number


def _percent(value: float | None) -> str:
    return NONE if value is None else f"{value:.0%}"


def display(figures: Indicators, hidden: set[str]) -> dict[str, str]:
    """The figures as shown: person counts rounded to the nearest 5 (halves up) and small or
    derivable ones, with the rates that rest on them, replaced by `SUPPRESSED`."""

    def count(name: str) -> str:
        return SUPPRESSED if name in hidden else str(stats.round_count(getattr(figures, name)))

    def rate(name: str, value: float | None) -> str:
        return SUPPRESSED if name in hidden else _percent(value)

    per_wte = figures.caseload_per_wte

    def shown(name: str, text: str) -> str:
        return SUPPRESSED if name in hidden else text

    return {
        "posts": shown("posts", str(figures.posts)),
        "funded_wte": shown("funded_wte", f"{figures.funded_wte:.2f}"),
        "vacancy_rate": rate("vacancy_rate", figures.vacancy_rate),
        "headcount": count("headcount"),
        "caseload_per_wte": shown(
            "caseload_per_wte", NONE if per_wte is None else f"{per_wte:.1f}"
        ),
        "supervision_ratio": _percent(figures.supervision_ratio),
        "supervision_share": rate("supervision_share", figures.supervision_share),
        "training_coverage": rate("training_coverage", figures.training_coverage),
        "leavers": count("leavers"),
        "turnover_rate": rate("turnover_rate", figures.turnover_rate),
        "wellbeing_mean": (
            SUPPRESSED
            if "wellbeing_mean" in hidden
            else (NONE if figures.wellbeing_mean is None else f"{figures.wellbeing_mean:.1f}")
        ),
    }
