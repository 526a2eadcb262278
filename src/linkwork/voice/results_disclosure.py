"""Which feedback figures may be shown: the evaluation's disclosure control
(:func:`linkwork.stats.disclosure.protect`) applied to the share agreeing with each statement,
by scheme and in total. Pure Python.

Each scheme's answers are a group of ``n`` people; for each statement the people agreeing and
the rest (unpublished: a reader knows them as ``n`` less those agreeing) make that group, and
the schemes add up to the total. So:

- a scheme with 1 to ``threshold - 1`` answers shows nothing, not even its count, and others
  are hidden with it where the total would give it away;
- a percentage is withheld when the people agreeing, or the rest, are 1 to ``threshold - 1``
  (3 of 15 disagreeing is a small group, whose answer 80% would tell), and when every answer
  fell the same side (0% or 100%: whoever is known to have answered is known to have agreed,
  or not), and again where the total and the other schemes would give a withheld one away.

A group of no answers shows its count (0) and no percentages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

# Loaded on first use (numpy): the results page's module is imported by every web process.
from linkwork import stats

if TYPE_CHECKING:
    from linkwork.stats.disclosure import Margin

TOTAL = "\x00total"  # the total's key: no scheme can be named so

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GroupCounts:
    """One scheme's (or the total's) number of answers, and how many agreed with each
    statement by its code."""

    n: int
    agreeing: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Shown:
    """What may be published: the groups hidden whole (by label), and for the others the
    statements whose percentage is withheld."""

    hidden_groups: frozenset[str]
    withheld: Mapping[str, frozenset[str]]


def protect_feedback(
    groups: Mapping[str, GroupCounts],
    *,
    items: Sequence[str],
    threshold: int,
    total_shown: bool,
) -> Shown:
    """Apply the rules above to the schemes' counts (by label); the total is worked out from
    them and published only when ``total_shown``."""
    everyone = GroupCounts(
        n=sum(g.n for g in groups.values()),
        agreeing={i: sum(g.agreeing.get(i, 0) for g in groups.values()) for i in items},
    )
    every = {**groups, TOTAL: everyone}
    counts: dict[Key, int] = {}
    unpublished: list[Key] = []
    unanimous: list[Key] = []
    ties: list[list[Key]] = []
    for label, group in every.items():
        counts[("n", label)] = group.n
        tie: list[Key] = [("n", label)]
        for item in items:
            agreeing = group.agreeing.get(item, 0)
            counts[("agree", label, item)] = agreeing
            counts[("rest", label, item)] = group.n - agreeing
            unpublished.append(("rest", label, item))
            tie.append(("agree", label, item))
            if group.n and agreeing in (0, group.n):
                unanimous += [("agree", label, item), ("rest", label, item)]
        ties.append(tie)
    if not total_shown:
        unpublished += [key for key in counts if key[1] == TOTAL]
    margins: list[Margin[Key]] = [
        stats.Margin(("n", TOTAL), tuple(("n", label) for label in groups))
    ]
    for item in items:
        for kind in ("agree", "rest"):
            margins.append(
                stats.Margin((kind, TOTAL, item), tuple((kind, label, item) for label in groups))
            )
        for label in every:
            margins.append(
                stats.Margin(("n", label), (("agree", label, item), ("rest", label, item)))
            )
    hidden = stats.protect(
        counts,
        margins,
        threshold=threshold,
        unpublished=unpublished,
        ties=ties,
        also_sensitive=unanimous,
    ).hidden
    hidden_groups = frozenset(label for label in every if ("n", label) in hidden)
    withheld = {
        label: frozenset(i for i in items if ("agree", label, i) in hidden or not group.n)
        for label, group in every.items()
        if label not in hidden_groups
    }
    return Shown(hidden_groups, withheld)
