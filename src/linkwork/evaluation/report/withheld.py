"""Telling a withheld figure from one that could not be worked out, for the report's pages.

:func:`linkwork.evaluation.report.disclosure.protect_report` blanks a withheld figure to None
and names it in its holder's ``hidden`` list (a suppressed row withholds everything but its
name). None elsewhere means the analysis had nothing to give (no waits to take a median of,
no list size to make a rate). The pages must say which, in words, so before rendering each
withheld None becomes :data:`WITHHELD`. Pure Python: no Django.

Every withheld figure reads the same, whether its own group is small or it was hidden so that
a small group cannot be worked out by subtraction: saying which is which would tell a reader
that a cell is under the threshold and, beside a published total, narrow what its partner
holds (see :mod:`linkwork.stats.disclosure`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from linkwork.evaluation.report.markers import HIDDEN_KEY

__all__ = ["NOT_SHOWN", "NOT_SHOWN_IN_FULL", "WITHHELD", "Withheld", "mark_withheld"]

NOT_SHOWN = "not shown"
NOT_SHOWN_IN_FULL = "not shown (to protect a small group)"


class Withheld(str):
    """A figure held back to protect a small group; reads as :data:`NOT_SHOWN`."""

    __slots__ = ()


WITHHELD = Withheld(NOT_SHOWN)


def _mark(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _mark(item)
        return
    if not isinstance(node, dict):
        return
    names = set(node.get(HIDDEN_KEY) or ())
    everything = node.get("suppressed") is True
    for key, value in node.items():
        if value is None and (key in names or everything):
            node[key] = WITHHELD
        else:
            _mark(value)


def mark_withheld(report: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the report in which every withheld figure is :data:`WITHHELD`."""
    out = copy.deepcopy(dict(report))
    _mark(out)
    return out
