from __future__ import annotations

import pytest

from linkwork.organisations.delivery_models import SchemeFacts, derive_delivery_model
from linkwork.organisations.kinds import OrgKind as K


def facts(
    commissioner: K,
    employer: K,
    managers: set[K],
    *,
    commissioner_manages: bool = False,
    units: int = 1,
) -> SchemeFacts:
    return SchemeFacts(
        commissioner_kind=commissioner,
        employer_kind=employer,
        manager_kinds=frozenset(managers),
        commissioner_manages=commissioner_manages,
        units_served=units,
    )


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (facts(K.PCN, K.PCN, {K.PCN}), 1),
        (facts(K.PCN, K.GP_PRACTICE, {K.GP_PRACTICE}), 1),
        (facts(K.GP_FEDERATION, K.GP_FEDERATION, {K.GP_FEDERATION}, units=4), 2),
        (facts(K.PCN, K.PCN, {K.PCN}, units=3), 2),
        (facts(K.PCN, K.VCSE, {K.VCSE}, units=4), 3),
        (facts(K.HSCP, K.VCSE, {K.VCSE}), 3),
        # The commissioner keeps oversight but does not manage: still model 3.
        (facts(K.ICB, K.VCSE, {K.VCSE, K.PCN}), 3),
        (facts(K.ICB, K.VCSE, {K.ICB, K.VCSE, K.PCN}, commissioner_manages=True, units=2), 4),
        (facts(K.HSCP, K.VCSE, {K.HSCP, K.VCSE}, commissioner_manages=True), 4),
        # A PCN commissioning a VCSE and co-managing is not a strategic matrix: model 3.
        (facts(K.PCN, K.VCSE, {K.PCN, K.VCSE}, commissioner_manages=True), 3),
    ],
)
def test_rule_derives_the_model(scheme: SchemeFacts, expected: int) -> None:
    assert derive_delivery_model(scheme).model == expected


def test_commissioner_managing_alone_is_not_a_matrix() -> None:
    decision = derive_delivery_model(facts(K.ICB, K.VCSE, {K.ICB}, commissioner_manages=True))
    assert decision.model == 3


def test_unclassifiable_employer_explains_itself() -> None:
    decision = derive_delivery_model(
        facts(K.LOCAL_AUTHORITY, K.LOCAL_AUTHORITY, {K.LOCAL_AUTHORITY})
    )
    assert decision.model is None
    assert "Local authority" in decision.reason
    assert "override" in decision.reason
