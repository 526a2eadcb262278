"""Equalities monitoring: the optional questions, their answers and the bands the common
dataset and the evaluation publish. Pure data, no Django.

Every question has two answers that are not an answer: "not_stated" (the person was asked and
chose not to say) and "not_asked" (nobody has asked yet). They are kept apart because a
scheme that never asks and a person who declines mean different things for equity work.

The stored values are linkwork's own codes: the categories follow the 2021 census questions
for England and Wales where there is one (disability, religion, sexual orientation, unpaid
care) and the Armed Forces Covenant's "armed forces community". Sexual orientation's answers
are those of the NHS Data Dictionary's SEXUAL ORIENTATION (CODE, 2015) and religion's map to
its RELIGIOUS OR OTHER BELIEF SYSTEM AFFILIATION GROUP CODE; `nhs_codes` maps each answer to
its national code. The other questions have no national mapping (docs/equalities.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

NOT_STATED = "not_stated"
NOT_ASKED = "not_asked"
_UNANSWERED = [(NOT_STATED, "Prefers not to say"), (NOT_ASKED, "Not asked")]

DISABILITY_CHOICES = [
    ("yes_a_lot", "Yes, day-to-day activities limited a lot"),
    ("yes_a_little", "Yes, day-to-day activities limited a little"),
    ("no", "No"),
    *_UNANSWERED,
]
RELIGION_CHOICES = [
    ("none", "No religion"),
    ("christian", "Christian"),
    ("buddhist", "Buddhist"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Another religion or belief"),
    *_UNANSWERED,
]
# NHS Data Dictionary RELIGIOUS OR OTHER BELIEF SYSTEM AFFILIATION GROUP CODE, by linkwork's
# code: "another religion or belief" is the national group K (Other), the groups linkwork does
# not list on its own (Baha'i, Jain, Pagan, Zoroastrian) falling in it too.
RELIGION_NHS_CODES = {
    "none": "L",
    "christian": "C",
    "buddhist": "B",
    "hindu": "D",
    "jewish": "F",
    "muslim": "G",
    "sikh": "I",
    "other": "K",
    NOT_STATED: "M",
    NOT_ASKED: "N",
}
SEXUAL_ORIENTATION_CHOICES = [
    ("heterosexual", "Heterosexual or straight"),
    ("gay_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Another sexual orientation"),
    ("not_sure", "Does not know or is not sure"),
    *_UNANSWERED,
]
# NHS Data Dictionary SEXUAL ORIENTATION (CODE, 2015), by linkwork's code.
SEXUAL_ORIENTATION_NHS_CODES = {
    "heterosexual": "1",
    "gay_lesbian": "2",
    "bisexual": "3",
    "other": "4",
    "not_sure": "U",
    NOT_STATED: "Z",
    NOT_ASKED: "9",
}
CARER_CHOICES = [
    ("yes", "Yes, looks after or supports someone unpaid"),
    ("no", "No"),
    *_UNANSWERED,
]
ARMED_FORCES_CHOICES = [
    ("serving", "Serving in the armed forces (regular or reserve)"),
    ("veteran", "Has served (a veteran)"),
    ("family", "Family member of someone who serves or has served"),
    ("no", "No"),
    *_UNANSWERED,
]


@dataclass(frozen=True, slots=True)
class Question:
    """One monitoring question: the person's field, its label, the answers, and the band
    each answer is published under (small groups joined so nobody is singled out)."""

    field: str
    label: str
    public_label: str  # the question as the person answering for themself reads it
    choices: list[tuple[str, str]]
    bands: dict[str, str]
    band_labels: dict[str, str]
    # The NHS Data Dictionary code of each answer, where the question has a national code
    # set that linkwork's answers match ({} where not: linkwork's own codes only).
    nhs_codes: dict[str, str] = dataclasses.field(default_factory=dict)
    nhs_code_set: str = ""

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(code for code, _ in self.choices)

    def band(self, code: str | None) -> str | None:
        """The published band of an answer; None when nobody asked (missing in the dataset)."""
        if not code or code == NOT_ASKED:
            return None
        return self.bands.get(code, code)


def _same(*codes: str) -> dict[str, str]:
    return {code: code for code in codes}


QUESTIONS: tuple[Question, ...] = (
    Question(
        "disability",
        "Disability",
        "Do you have a condition or illness that limits your day-to-day activities?",
        DISABILITY_CHOICES,
        {"yes_a_lot": "yes", "yes_a_little": "yes", **_same("no", NOT_STATED)},
        {"yes": "Disabled", "no": "Not disabled", NOT_STATED: "Prefers not to say"},
    ),
    Question(
        "religion",
        "Religion or belief",
        "What is your religion or belief?",
        RELIGION_CHOICES,
        {
            **_same("none", "christian", "muslim", NOT_STATED),
            **dict.fromkeys(("buddhist", "hindu", "jewish", "sikh", "other"), "another"),
        },
        {
            "none": "No religion",
            "christian": "Christian",
            "muslim": "Muslim",
            "another": "Another religion or belief",
            NOT_STATED: "Prefers not to say",
        },
        RELIGION_NHS_CODES,
        "RELIGIOUS OR OTHER BELIEF SYSTEM AFFILIATION GROUP CODE",
    ),
    Question(
        "sexual_orientation",
        "Sexual orientation",
        "Which best describes your sexual orientation?",
        SEXUAL_ORIENTATION_CHOICES,
        {
            **_same("heterosexual", NOT_STATED),
            **dict.fromkeys(("gay_lesbian", "bisexual", "other"), "lgb_plus"),
            "not_sure": NOT_STATED,
        },
        {
            "heterosexual": "Heterosexual or straight",
            "lgb_plus": "Gay, lesbian, bisexual or another orientation",
            NOT_STATED: "Not sure, or prefers not to say",
        },
        SEXUAL_ORIENTATION_NHS_CODES,
        "SEXUAL ORIENTATION (CODE, 2015)",
    ),
    Question(
        "carer",
        "Unpaid carer",
        "Do you look after or support someone because of illness, disability or age, unpaid?",
        CARER_CHOICES,
        _same("yes", "no", NOT_STATED),
        {"yes": "Unpaid carer", "no": "Not a carer", NOT_STATED: "Prefers not to say"},
    ),
    Question(
        "armed_forces",
        "Armed forces community",
        "Are you, or is someone in your family, serving or a veteran of the armed forces?",
        ARMED_FORCES_CHOICES,
        {
            **dict.fromkeys(("serving", "veteran", "family"), "yes"),
            **_same("no", NOT_STATED),
        },
        {
            "yes": "Armed forces community",
            "no": "Not armed forces community",
            NOT_STATED: "Prefers not to say",
        },
    ),
)
QUESTION_BY_FIELD = {question.field: question for question in QUESTIONS}
EQUALITIES_FIELDS = tuple(question.field for question in QUESTIONS)
