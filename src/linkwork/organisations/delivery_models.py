"""The four link worker delivery models and the one rule that derives a scheme's model.

Pure Python: the registry hands in the facts of a scheme's relationships and gets back a
decision with the reason, so the rule can be read, tested and documented in one place.

What tells model 4 apart is taken from the mapping study of five regions (Greater Manchester,
North East and North Cumbria, West of England, Greater Glasgow and Clyde, Lothian). Its two
model 4 schemes share a strategic commissioner (an ICB; an HSCP with a voluntary sector
council) and a more integrated way of running the service, which the study describes through
five facts the registry records:

- **who funds, in what shares**: in the West of England the NHS pays two thirds and the county
  council one third;
- **who provides the training**: the ICB (West of England) or the HSCP's city-wide network
  (Lothian) trains the link workers, where in model 3 the VCSE does, or the HSCP and the VCSE
  together;
- **who line-manages**: in Lothian the HSCP network gives line management support alongside
  the VCSE, where in model 3 the VCSE handles day-to-day management;
- **a commissioner-led network** oversees the link workers (Lothian's city-wide network);
- **a matrix of commissioner, host and GP leads** guides the work and meets regularly to
  review referral and outcome data (Lothian).

The link workers may be hosted by a VCSE or by PCNs (the West of England hosts them both ways),
so model 4 is not tied to who employs them. Oversight by the commissioner alone is model 3:
every commissioner oversees what it pays for.

The rule, applied in order (first match wins):

1. **Model 4 (integrated)**: a strategic body (ICB, HSCP or health board) commissions, a VCSE,
   PCN, practice or federation hosts the link workers, and at least two of the five signs of
   integrated running are recorded (each of the study's model 4 schemes shows two or more; a
   single sign, such as some council money, does not make a model 3 scheme integrated).
2. **Model 3 (VCSE-hosted)**: a VCSE employs the link workers (the commissioner keeps only
   oversight).
3. **Model 1 (single PCN)**: a PCN or GP practice employs them and the scheme serves
   practices in one PCN only.
4. **Model 2 (group of PCNs)**: a GP federation or alliance employs them, or a PCN employs
   them for practices in more than one PCN.
5. Otherwise no model can be derived; a manager must set one by override, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from linkwork.core.choices import Choices
from linkwork.organisations.kinds import STRATEGIC_KINDS, OrgKind

MODEL_NAMES: dict[int, str] = {
    1: "Single PCN employs and manages",
    2: "Group of PCNs (often via a GP federation) employs and manages",
    3: "Commissioned VCSE employs and manages",
    4: "Integrated: strategic body co-manages with VCSE and GP leads",
}

MODEL_DESCRIPTIONS: dict[int, str] = {
    1: "One primary care network employs and line-manages the link workers directly.",
    2: (
        "A group of primary care networks, often through a GP federation or alliance, "
        "employs and manages the link workers jointly."
    ),
    3: (
        "The PCN or HSCP commissions a VCSE organisation to employ the link workers; the "
        "VCSE manages them day to day and the commissioner keeps oversight."
    ),
    4: (
        "A strategic body commissions the service and runs it jointly with the organisations "
        "hosting the link workers (a VCSE or PCNs): shared funding, training, line management, "
        "a commissioner-led network, or a matrix of commissioner, host and GP leads."
    ),
}

# Integrated running needs at least this many of the five signs (see the module docstring).
SIGNS_FOR_MODEL_4 = 2


class LineManager(Choices):
    EMPLOYER = "employer", "The organisation that employs them"
    SHARED = "shared", "The commissioner and the employer together"
    COMMISSIONER = "commissioner", "The commissioner"


class TrainingProvider(Choices):
    EMPLOYER = "employer", "The organisation that employs them"
    JOINT = "joint", "The commissioner and the employer together"
    COMMISSIONER = "commissioner", "The commissioner"


# Organisations that can host (employ) link workers in an integrated scheme.
HOST_KINDS = frozenset({OrgKind.VCSE, OrgKind.PCN, OrgKind.GP_PRACTICE, OrgKind.GP_FEDERATION})


@dataclass(frozen=True, slots=True)
class FundingShares:
    """Who pays for the link workers, in whole percentages that add up to 100."""

    nhs_percent: int = 100
    council_percent: int = 0
    other_percent: int = 0

    @property
    def mixes_nhs_and_council(self) -> bool:
        return self.nhs_percent > 0 and self.council_percent > 0


@dataclass(frozen=True, slots=True)
class SchemeRunning:
    """How a scheme is run, as recorded on it: the facts that separate model 4 from model 3."""

    funding: FundingShares = field(default_factory=FundingShares)
    line_manager: LineManager = LineManager.EMPLOYER
    training_by: TrainingProvider = TrainingProvider.EMPLOYER
    commissioner_network: bool = False
    gp_lead_matrix: bool = False


@dataclass(frozen=True, slots=True)
class SchemeFacts:
    commissioner_kind: OrgKind
    employer_kind: OrgKind
    units_served: int
    running: SchemeRunning = field(default_factory=SchemeRunning)


@dataclass(frozen=True, slots=True)
class ModelDecision:
    model: int | None
    reason: str


def _short(kind: OrgKind) -> str:
    """'ICB' from 'Integrated care board (ICB)'; plain labels stay as they are, lower-cased."""
    label = kind.label
    if label.endswith(")") and "(" in label:
        return label[label.rindex("(") + 1 : -1]
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def integration_signs(facts: SchemeFacts) -> list[str]:
    """The signs of integrated running this scheme shows, each in plain words."""
    commissioner = f"the commissioning {_short(facts.commissioner_kind)}"
    running = facts.running
    signs = []
    if running.funding.mixes_nhs_and_council:
        signs.append(
            f"the NHS ({running.funding.nhs_percent}%) and the local council "
            f"({running.funding.council_percent}%) share the funding"
        )
    if running.training_by is TrainingProvider.COMMISSIONER:
        signs.append(f"{commissioner} trains the link workers")
    if running.line_manager is LineManager.COMMISSIONER:
        signs.append(f"{commissioner} line-manages them")
    elif running.line_manager is LineManager.SHARED:
        signs.append(f"{commissioner} shares their line management with the employer")
    if running.commissioner_network:
        signs.append(f"{commissioner} runs a network that oversees their work")
    if running.gp_lead_matrix:
        signs.append(
            "commissioner, host and GP leads guide the work together and review referral "
            "and outcome data"
        )
    return signs


def _with_article(text: str) -> str:
    # Initialisms take the article of their first letter's sound: "an HSCP", "a PCN".
    initialism = text[:2].isupper()
    vowel_sound = text[0] in "AEFHILMNORSX" if initialism else text[0].lower() in "aeiou"
    return ("An " if vowel_sound else "A ") + text


def derive_delivery_model(facts: SchemeFacts) -> ModelDecision:
    employer = facts.employer_kind
    strategic = facts.commissioner_kind in STRATEGIC_KINDS
    signs = integration_signs(facts) if strategic else []
    if strategic and employer in HOST_KINDS and len(signs) >= SIGNS_FOR_MODEL_4:
        host = "a VCSE" if employer is OrgKind.VCSE else f"the {_short(employer)}"
        return ModelDecision(
            4,
            f"{_with_article(_short(facts.commissioner_kind))} commissions the scheme and "
            f"runs it jointly with {host} that employs the link workers: {_join(signs)}.",
        )
    # One sign alone does not make a scheme integrated; say so, so the manager sees why.
    not_enough = (
        f" Only one sign of integrated running is recorded ({signs[0]}); model 4 needs "
        f"{SIGNS_FOR_MODEL_4} or more."
        if len(signs) == 1
        else ""
    )
    if employer is OrgKind.VCSE:
        return ModelDecision(
            3, "A commissioned VCSE employs and manages the link workers." + not_enough
        )
    if employer in {OrgKind.PCN, OrgKind.GP_PRACTICE} and facts.units_served <= 1:
        return ModelDecision(
            1, "One PCN employs and manages the link workers for its practices." + not_enough
        )
    if employer is OrgKind.GP_FEDERATION or (employer is OrgKind.PCN and facts.units_served > 1):
        return ModelDecision(
            2,
            f"{_with_article(_short(employer))} employs the link workers for practices in "
            f"{facts.units_served} PCNs." + not_enough,
        )
    return ModelDecision(
        None,
        f"No rule derives a model when {_with_article(_short(employer)).lower()} employs the "
        "link workers; set the model by override with a reason.",
    )
