"""NoMAD, the Normalisation Process Theory measure, as data plus pure scoring. No Django.

Structure (Finch et al. 2018 and Rapley et al. 2018, BMC Med Res Methodol 18:133 and 18:135):
23 items = 3 general items on 0-10 scales + 20 construct items: coherence 4, cognitive
participation 4, collective action 7, reflexive monitoring 5. The labels below are this
project's own short summaries of what each item is about; the instrument's wording is not
reproduced. A survey page states them as statements about the named programme.

Scoring (the coding the instrument notes recommend):

- Construct items are answered on a 5-point agreement scale, coded strongly disagree = 1 ...
  strongly agree = 5, or with one of three "not relevant" options (to my role / at this stage /
  to the programme). Not-relevant answers and skipped items are excluded, never scored.
- The one negatively worded relational-integration item (``ca2``: the programme upsets
  working relationships) is reversed, 6 - x, so that higher always means more normalised.
- A respondent's construct score is the mean of their scored items in that construct, if they
  scored at least half of the construct's items (rounded up); otherwise they are left out of
  that construct.
- A round's construct score is the mean of its respondents' construct scores. No single total
  is computed: validation work supports four constructs rather than one scale.
- The general items are reported as the mean of the answers given (0-10).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from linkwork.core.choices import Choices

__all__ = [
    "AGREE_LABELS",
    "CONSTRUCT_ITEMS",
    "GENERAL_ITEMS",
    "Construct",
    "ConstructItem",
    "GeneralItem",
    "NotRelevant",
    "RoundScores",
    "answer_problems",
    "is_reportable",
    "item_score",
    "respondent_scores",
    "score_round",
]


class Construct(Choices):
    COHERENCE = "coherence", "Coherence"
    COGNITIVE_PARTICIPATION = "cognitive_participation", "Cognitive participation"
    COLLECTIVE_ACTION = "collective_action", "Collective action"
    REFLEXIVE_MONITORING = "reflexive_monitoring", "Reflexive monitoring"


@dataclass(frozen=True, slots=True)
class ConstructItem:
    code: str
    construct: Construct
    component: str  # the NPT sub-construct the item stands for
    label: str
    reversed: bool = False


@dataclass(frozen=True, slots=True)
class GeneralItem:
    code: str
    label: str
    low: str
    high: str


C = Construct
CONSTRUCT_ITEMS: tuple[ConstructItem, ...] = (
    ConstructItem("co1", C.COHERENCE, "differentiation", "I can tell how it differs from before"),
    ConstructItem("co2", C.COHERENCE, "communal specification", "The team agrees what it is for"),
    ConstructItem("co3", C.COHERENCE, "individual specification", "I know my own part in it"),
    ConstructItem("co4", C.COHERENCE, "internalisation", "I see its worth for my work"),
    ConstructItem("cp1", C.COGNITIVE_PARTICIPATION, "initiation", "Someone here is leading it"),
    ConstructItem("cp2", C.COGNITIVE_PARTICIPATION, "legitimation", "Taking part fits my role"),
    ConstructItem(
        "cp3",
        C.COGNITIVE_PARTICIPATION,
        "enrolment",
        "I would change how I work with others for it",
    ),
    ConstructItem("cp4", C.COGNITIVE_PARTICIPATION, "activation", "I will keep backing it"),
    ConstructItem(
        "ca1", C.COLLECTIVE_ACTION, "interactional workability", "It slots into my daily work"
    ),
    ConstructItem(
        "ca2",
        C.COLLECTIVE_ACTION,
        "relational integration",
        "It strains relations between colleagues",
        reversed=True,
    ),
    ConstructItem(
        "ca3", C.COLLECTIVE_ACTION, "relational integration", "I trust others' skill with it"
    ),
    ConstructItem(
        "ca4",
        C.COLLECTIVE_ACTION,
        "skill set workability",
        "Its tasks go to people with the right skills",
    ),
    ConstructItem(
        "ca5", C.COLLECTIVE_ACTION, "skill set workability", "People get enough training for it"
    ),
    ConstructItem(
        "ca6", C.COLLECTIVE_ACTION, "contextual integration", "There are enough resources for it"
    ),
    ConstructItem(
        "ca7", C.COLLECTIVE_ACTION, "contextual integration", "Managers back it properly"
    ),
    ConstructItem("rm1", C.REFLEXIVE_MONITORING, "systematisation", "I hear how it is going"),
    ConstructItem(
        "rm2", C.REFLEXIVE_MONITORING, "communal appraisal", "Colleagues rate it as worthwhile"
    ),
    ConstructItem("rm3", C.REFLEXIVE_MONITORING, "individual appraisal", "It helps my own work"),
    ConstructItem(
        "rm4", C.REFLEXIVE_MONITORING, "reconfiguration", "Feedback leads to changes in it"
    ),
    ConstructItem("rm5", C.REFLEXIVE_MONITORING, "reconfiguration", "I can adapt how I use it"),
)

GENERAL_ITEMS: tuple[GeneralItem, ...] = (
    GeneralItem("g1", "How familiar it feels now", "Brand new to me", "Completely familiar"),
    GeneralItem("g2", "How much it is part of normal work now", "Not at all", "Completely"),
    GeneralItem("g3", "How much it will become part of normal work", "Not at all", "Completely"),
)

AGREE_LABELS: dict[int, str] = {
    5: "Strongly agree",
    4: "Agree",
    3: "Neither agree nor disagree",
    2: "Disagree",
    1: "Strongly disagree",
}


class NotRelevant(Choices):
    """The answers that set an item aside instead of scoring it."""

    ROLE = "nr_role", "Not relevant to my role"
    STAGE = "nr_stage", "Not relevant at this stage"
    PROGRAMME = "nr_programme", "Not relevant to this programme"


_ITEMS = {item.code: item for item in CONSTRUCT_ITEMS}
_GENERAL = {item.code for item in GENERAL_ITEMS}


def _whole_in(value: object, low: int, high: int) -> int | None:
    """`value` if it is a whole number from `low` to `high`, else None (booleans are not)."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def answer_problems(answers: Mapping[str, object]) -> dict[str, str]:
    """Why each answer is unacceptable, by item code (empty when all are fine). Items may be
    skipped; unknown codes and out-of-range values are refused."""
    problems: dict[str, str] = {}
    for code, value in answers.items():
        if code in _ITEMS:
            if value is None or value in NotRelevant:
                continue
            if _whole_in(value, 1, 5) is None:
                problems[code] = "Choose one of the answers offered."
        elif code in _GENERAL:
            if value is None:
                continue
            if _whole_in(value, 0, 10) is None:
                problems[code] = "Choose a number from 0 to 10."
        else:
            problems[code] = "This is not a question in the survey."
    return problems


def item_score(code: str, value: object) -> float | None:
    """The scored value of one construct answer: None when skipped or not relevant.

    >>> item_score("ca1", 4), item_score("ca2", 4), item_score("ca2", "nr_stage")
    (4.0, 2.0, None)
    """
    item = _ITEMS[code]
    answer = _whole_in(value, 1, 5)
    if answer is None:
        return None
    return float(6 - answer if item.reversed else answer)


def _minimum_items(construct: Construct) -> int:
    return math.ceil(sum(1 for item in CONSTRUCT_ITEMS if item.construct is construct) / 2)


def respondent_scores(answers: Mapping[str, object]) -> dict[Construct, float]:
    """One respondent's construct scores; constructs with too few scored items are absent."""
    scored: dict[Construct, list[float]] = {construct: [] for construct in Construct}
    for code, value in answers.items():
        if code not in _ITEMS:
            continue
        score = item_score(code, value)
        if score is not None:
            scored[_ITEMS[code].construct].append(score)
    return {
        construct: sum(values) / len(values)
        for construct, values in scored.items()
        if values and len(values) >= _minimum_items(construct)
    }


@dataclass(frozen=True, slots=True)
class RoundScores:
    responses: int
    construct_means: dict[Construct, float | None]
    construct_n: dict[Construct, int]
    general_means: dict[str, float | None]


def score_round(responses: Iterable[Mapping[str, object]]) -> RoundScores:
    """Construct means and general-item means for one survey round (see the module notes).

    >>> agree = {item.code: 4 for item in CONSTRUCT_ITEMS}
    >>> result = score_round([agree, {**agree, "ca2": 1}])
    >>> round(result.construct_means[Construct.COLLECTIVE_ACTION], 3)
    3.857
    """
    per_construct: dict[Construct, list[float]] = {construct: [] for construct in Construct}
    general: dict[str, list[int]] = {item.code: [] for item in GENERAL_ITEMS}
    count = 0
    for answers in responses:
        count += 1
        for construct, score in respondent_scores(answers).items():
            per_construct[construct].append(score)
        for code in general:
            value = _whole_in(answers.get(code), 0, 10)
            if value is not None:
                general[code].append(value)
    return RoundScores(
        responses=count,
        construct_means={
            construct: (sum(values) / len(values) if values else None)
            for construct, values in per_construct.items()
        },
        construct_n={construct: len(values) for construct, values in per_construct.items()},
        general_means={
            code: (sum(values) / len(values) if values else None)
            for code, values in general.items()
        },
    )


def is_reportable(*, responses: int, closed: bool, minimum: int) -> bool:
    """Results may be shown only for a closed round with at least `minimum` responses.

    Waiting for the close stops anyone working out one person's answers by comparing the
    results just before and just after that person answered.
    """
    return closed and responses >= minimum
