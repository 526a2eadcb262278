"""The experience questionnaire a person is sent at discharge: a few statements with a
five-point agreement scale and an optional comment in their own words. Pure Python.

The statements are the scheme's own, written for link work (were they listened to, did they
agree what mattered, were they helped to connect): a short check of experience in the manner
of the NHS Friends and Family Test, not a validated measure, so its answers are reported as
shares of people agreeing and never scored or compared with a norm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from linkwork.core.choices import Choices

COMMENT_MAX_CHARS = 2000


class Agreement(Choices):
    STRONGLY_AGREE = "strongly_agree", "Strongly agree"
    AGREE = "agree", "Agree"
    NEITHER = "neither", "Neither agree nor disagree"
    DISAGREE = "disagree", "Disagree"
    STRONGLY_DISAGREE = "strongly_disagree", "Strongly disagree"


# The answers counted as agreeing when results are shown.
AGREEING = frozenset({Agreement.STRONGLY_AGREE.value, Agreement.AGREE.value})


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    text: str
    short: str  # the column heading in results


ITEMS: tuple[Item, ...] = (
    Item("listened", "My link worker listened to me.", "Listened to"),
    Item(
        "what_mattered",
        "We agreed together what mattered to me.",
        "Agreed what mattered",
    ),
    Item(
        "connected",
        "I was helped to connect with support, groups or activities that suit me.",
        "Helped to connect",
    ),
    Item("better_able", "I feel better able to look after my wellbeing.", "Better able"),
    Item(
        "recommend",
        "I would recommend the service to friends or family who needed similar help.",
        "Would recommend",
    ),
)
ITEM_CODES = tuple(item.code for item in ITEMS)


def answer_problems(answers: Mapping[str, object], comment: str) -> dict[str, str]:
    """What is wrong with a set of answers, by field, in words (empty when all is well).
    Every statement needs an answer on the scale; the comment may be left out."""
    problems: dict[str, str] = {}
    for item in ITEMS:
        value = answers.get(item.code)
        if value in (None, ""):
            problems[item.code] = "Choose how much you agree (any answer is fine)."
        elif value not in Agreement:
            problems[item.code] = "Choose one of the answers offered."
    unknown = sorted(set(answers) - set(ITEM_CODES))
    if unknown:
        problems[unknown[0]] = "This question is not part of the questionnaire."
    if len(comment) > COMMENT_MAX_CHARS:
        problems["comment"] = f"Keep the comment to {COMMENT_MAX_CHARS} characters or fewer."
    return problems
