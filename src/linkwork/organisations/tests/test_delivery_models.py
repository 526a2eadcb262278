"""The delivery-model rule against every kind of scheme the mapping study describes, region by
region, and against the cases that used to go wrong."""

from __future__ import annotations

import pytest

from linkwork.organisations.delivery_models import (
    FundingShares,
    LineManager,
    SchemeFacts,
    SchemeRunning,
    TrainingProvider,
    derive_delivery_model,
)
from linkwork.organisations.kinds import OrgKind as K
from linkwork.organisations.study_running import (
    LOTHIAN_INTEGRATED,
    SCOTTISH_COMMISSIONED,
    WEST_OF_ENGLAND_INTEGRATED,
)

# How the study's schemes are run (section 4.1.1 and algorithm 1).
WEST_OF_ENGLAND_ICB = WEST_OF_ENGLAND_INTEGRATED
EDINBURGH_NETWORK = LOTHIAN_INTEGRATED
HSCP_OVERSIGHT = SCOTTISH_COMMISSIONED


def facts(
    commissioner: K, employer: K, *, units: int = 1, running: SchemeRunning | None = None
) -> SchemeFacts:
    return SchemeFacts(
        commissioner_kind=commissioner,
        employer_kind=employer,
        units_served=units,
        running=running or SchemeRunning(),
    )


STUDY_SCHEMES = [
    pytest.param(
        facts(K.PCN, K.PCN), 1, id="Greater Manchester: one PCN employs and manages -> model 1"
    ),
    pytest.param(
        facts(K.GP_FEDERATION, K.GP_FEDERATION, units=4),
        2,
        id="Greater Manchester: a GP federation manages link workers for several PCNs -> model 2",
    ),
    pytest.param(
        facts(K.PCN, K.VCSE, units=3),
        3,
        id="Greater Manchester: PCNs subcontract link workers to a VCSE -> model 3",
    ),
    pytest.param(
        facts(K.PCN, K.PCN),
        1,
        id="North East and North Cumbria: a PCN employs ARRS-funded link workers -> model 1",
    ),
    pytest.param(
        facts(K.PCN, K.PCN, units=2),
        2,
        id="North East and North Cumbria: two PCNs employ link workers together -> model 2",
    ),
    pytest.param(
        facts(K.GP_FEDERATION, K.VCSE, units=5),
        3,
        id="North East and North Cumbria: a GP federation contracts a VCSE -> model 3",
    ),
    pytest.param(
        facts(K.PCN, K.PCN),
        1,
        id="West of England: a PCN employs link workers for its community -> model 1",
    ),
    pytest.param(
        facts(K.PCN, K.VCSE, units=4),
        3,
        id="West of England: PCNs' ARRS-funded link workers hosted by a VCSE -> model 3",
    ),
    pytest.param(
        facts(K.ICB, K.PCN, running=WEST_OF_ENGLAND_ICB),
        4,
        id=(
            "West of England: PCN-hosted, strategic commissioner, NHS and council funding "
            "-> model 4"
        ),
    ),
    pytest.param(
        facts(K.ICB, K.PCN, units=2, running=WEST_OF_ENGLAND_ICB),
        4,
        id="West of England: hosted across two PCNs, ICB commissions and trains -> model 4",
    ),
    pytest.param(
        facts(K.ICB, K.VCSE, units=2, running=WEST_OF_ENGLAND_ICB),
        4,
        id="West of England: ICB-funded community social prescribers hosted by a VCSE -> model 4",
    ),
    pytest.param(
        facts(K.HSCP, K.VCSE),
        3,
        id="Greater Glasgow and Clyde: an HSCP commissions a VCSE that manages -> model 3",
    ),
    pytest.param(
        facts(K.HSCP, K.VCSE, running=HSCP_OVERSIGHT),
        3,
        id="Scotland: HSCP oversight, VCSE hosted -> model 3",
    ),
    pytest.param(
        facts(K.HSCP, K.VCSE, running=HSCP_OVERSIGHT),
        3,
        id="Lothian: three HSCPs commission VCSEs, GP practice referrals only -> model 3",
    ),
    pytest.param(
        facts(K.HSCP, K.VCSE, running=EDINBURGH_NETWORK),
        4,
        id=(
            "Lothian: largest HSCP's city-wide network, matrix of HSCP, VCSE and GP leads "
            "-> model 4"
        ),
    ),
]


@pytest.mark.parametrize(("scheme", "expected"), STUDY_SCHEMES)
def test_the_study_schemes_derive_their_models(scheme: SchemeFacts, expected: int) -> None:
    assert derive_delivery_model(scheme).model == expected


def test_one_sign_of_integration_is_not_model_4_and_says_so() -> None:
    # Some council money alone does not make an HSCP's commissioned VCSE scheme integrated.
    running = SchemeRunning(funding=FundingShares(nhs_percent=80, council_percent=20))
    decision = derive_delivery_model(facts(K.HSCP, K.VCSE, running=running))
    assert decision.model == 3
    assert "Only one sign of integrated running is recorded" in decision.reason
    assert "the NHS (80%) and the local council (20%) share the funding" in decision.reason


def test_a_pcn_commissioner_is_not_strategic_however_it_runs_the_scheme() -> None:
    assert derive_delivery_model(facts(K.PCN, K.VCSE, running=EDINBURGH_NETWORK)).model == 3
    assert derive_delivery_model(facts(K.PCN, K.PCN, running=EDINBURGH_NETWORK)).model == 1


def test_joint_training_is_oversight_not_integration() -> None:
    running = SchemeRunning(
        training_by=TrainingProvider.JOINT, funding=FundingShares(nhs_percent=90, other_percent=10)
    )
    assert derive_delivery_model(facts(K.HSCP, K.VCSE, running=running)).model == 3


@pytest.mark.parametrize(
    ("running", "signs"),
    [
        (SchemeRunning(line_manager=LineManager.COMMISSIONER, gp_lead_matrix=True), 2),
        (SchemeRunning(line_manager=LineManager.SHARED, commissioner_network=True), 2),
        (SchemeRunning(training_by=TrainingProvider.COMMISSIONER, commissioner_network=True), 2),
    ],
)
def test_any_two_signs_make_model_4(running: SchemeRunning, signs: int) -> None:
    assert derive_delivery_model(facts(K.HEALTH_BOARD, K.VCSE, running=running)).model == 4


def test_model_4_explains_itself_in_plain_words() -> None:
    decision = derive_delivery_model(facts(K.ICB, K.PCN, running=WEST_OF_ENGLAND_ICB))
    assert decision.reason == (
        "An ICB commissions the scheme and runs it jointly with the PCN that employs the link "
        "workers: the NHS (67%) and the local council (33%) share the funding and the "
        "commissioning ICB trains the link workers."
    )
    lothian = derive_delivery_model(facts(K.HSCP, K.VCSE, running=EDINBURGH_NETWORK)).reason
    assert lothian.startswith("An HSCP commissions the scheme and runs it jointly with a VCSE")
    assert "runs a network that oversees their work" in lothian
    assert "GP leads guide the work together" in lothian
    assert "_" not in lothian


def test_unclassifiable_employer_explains_itself() -> None:
    decision = derive_delivery_model(facts(K.LOCAL_AUTHORITY, K.LOCAL_AUTHORITY))
    assert decision.model is None
    assert "a local authority employs" in decision.reason
    assert "override" in decision.reason
