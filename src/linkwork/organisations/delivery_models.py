"""The four link worker delivery models and the one rule that derives a scheme's model.

Pure Python: the registry hands in the facts of a scheme's relationships and gets back a
decision with the reason, so the rule can be read, tested and documented in one place.

The rule, applied in order (first match wins):

1. **Model 4 (integrated)**: a VCSE employs the link workers, the commissioner is a
   strategic body (ICB, HSCP or health board), and the commissioner itself takes part in
   managing them together with at least one other organisation (a matrix of commissioner,
   VCSE and GP leads).
2. **Model 3 (VCSE-hosted)**: a VCSE employs the link workers (the commissioner keeps only
   oversight).
3. **Model 1 (single PCN)**: a PCN or GP practice employs them and the scheme serves
   practices in one PCN only.
4. **Model 2 (group of PCNs)**: a GP federation or alliance employs them, or a PCN employs
   them for practices in more than one PCN.
5. Otherwise no model can be derived; a manager must set one by override, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        "A strategic body commissions the service and co-manages it through a matrix of "
        "commissioner, VCSE and GP leads, with regular joint review of referral and outcome data."
    ),
}


@dataclass(frozen=True, slots=True)
class SchemeFacts:
    commissioner_kind: OrgKind
    employer_kind: OrgKind
    manager_kinds: frozenset[OrgKind]
    commissioner_manages: bool
    units_served: int


@dataclass(frozen=True, slots=True)
class ModelDecision:
    model: int | None
    reason: str


def derive_delivery_model(facts: SchemeFacts) -> ModelDecision:
    employer = facts.employer_kind
    co_managers = facts.manager_kinds - {facts.commissioner_kind}
    if (
        employer is OrgKind.VCSE
        and facts.commissioner_kind in STRATEGIC_KINDS
        and facts.commissioner_manages
        and co_managers
    ):
        return ModelDecision(
            4,
            f"A VCSE employs the link workers and the commissioning "
            f"{facts.commissioner_kind.label} co-manages them with other organisations.",
        )
    if employer is OrgKind.VCSE:
        return ModelDecision(3, "A commissioned VCSE employs and manages the link workers.")
    if employer in {OrgKind.PCN, OrgKind.GP_PRACTICE} and facts.units_served <= 1:
        return ModelDecision(1, "One PCN employs and manages the link workers for its practices.")
    if employer is OrgKind.GP_FEDERATION or (employer is OrgKind.PCN and facts.units_served > 1):
        return ModelDecision(
            2,
            f"A {employer.label} employs the link workers for practices in "
            f"{facts.units_served} PCNs.",
        )
    return ModelDecision(
        None,
        f"No rule derives a model when a {employer.label} employs the link workers; "
        "set the model by override with a reason.",
    )
