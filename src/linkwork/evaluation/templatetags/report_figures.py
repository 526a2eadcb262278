"""The evaluation report's figures in words: a withheld figure says so, a figure the analysis
could not work out says that, and counts of people agree with their nouns."""

from __future__ import annotations

from django import template

from linkwork.evaluation.report.withheld import NOT_SHOWN, Withheld

register = template.Library()

NOT_AVAILABLE = "not available"
THEIR_NUMBER_WITHHELD = "their number is not shown, to protect a small group"


def _missing(value: object) -> bool:
    # None from the analysis, or "" where a row has no such figure at all (a group too small
    # for an interval carries only its note, and the template reads its absent keys as "").
    return value is None or value == ""


@register.filter
def figure(value: object) -> object:
    """A figure, or why there is none."""
    if isinstance(value, Withheld):
        return NOT_SHOWN
    if _missing(value):
        return NOT_AVAILABLE
    return value


@register.filter
def pounds(value: object) -> object:
    """A sum of money in whole pounds with thousands separated ("157,700"), or why there is
    none."""
    if isinstance(value, (int, float)) and not isinstance(value, (bool, Withheld)):
        return f"{value:,.0f}"
    return figure(value)


@register.filter
def shown(value: object) -> bool:
    """True for a figure that is there to print (neither withheld nor missing)."""
    return not _missing(value) and not isinstance(value, Withheld)


@register.filter
def withheld(value: object) -> bool:
    return isinstance(value, Withheld)


@register.simple_tag
def interval(low: object, high: object) -> str:
    """A confidence interval as "low to high", or why there is none."""
    if isinstance(low, Withheld) or isinstance(high, Withheld):
        return NOT_SHOWN
    if _missing(low) or _missing(high):
        return NOT_AVAILABLE
    return f"{low} to {high}"


@register.simple_tag
def counted(value: object, singular: str, plural: str) -> str:
    """ "1 person", "12 people", or the noun and why its number is missing."""
    if isinstance(value, Withheld):
        return f"{plural} ({THEIR_NUMBER_WITHHELD})"
    if _missing(value):
        return f"{plural} (their number is {NOT_AVAILABLE})"
    return f"{value} {singular if value == 1 else plural}"
