"""How the mapping study's schemes are run, as the registry records it: the demo world builds
its schemes from these, and the delivery-model tests check them. Pure data, no Django."""

from __future__ import annotations

from linkwork.organisations.delivery_models import (
    FundingShares,
    LineManager,
    SchemeRunning,
    TrainingProvider,
)

# The West of England's integrated locality: the ICB commissions and trains, the NHS pays two
# thirds and the county council one third, and the host (a VCSE or the PCNs) line-manages.
WEST_OF_ENGLAND_INTEGRATED = SchemeRunning(
    funding=FundingShares(nhs_percent=67, council_percent=33),
    training_by=TrainingProvider.COMMISSIONER,
)

# Lothian's largest HSCP: a city-wide network set up with the voluntary sector council trains
# and line-manages alongside the VCSEs, through a matrix of HSCP, VCSE and GP leads who meet
# to review referral data and outcomes.
LOTHIAN_INTEGRATED = SchemeRunning(
    line_manager=LineManager.SHARED,
    training_by=TrainingProvider.COMMISSIONER,
    commissioner_network=True,
    gp_lead_matrix=True,
)

# Scottish model 3: the HSCP's lead oversees and trains together with the VCSE, which manages
# the link workers day to day.
SCOTTISH_COMMISSIONED = SchemeRunning(training_by=TrainingProvider.JOINT)
