"""Pure-Python scoring for wellbeing questionnaires (no Django, no I/O).

Typical use::

    from linkwork.outcomes.scoring import get_definition, score

    result = score(get_definition("phq9"), [0, 1, 2, 1, 0, 0, 1, 0, 1])
    result.to_json_dict()
"""

from __future__ import annotations

from .bespoke import bespoke_schema, load_bespoke_definition
from .builtin import (
    SWEMWBS_CONVERSION,
    gad7_definition,
    ons4_definition,
    phq9_definition,
    swemwbs_definition,
    ucla3_definition,
    wemwbs_definition,
)
from .change import Change, classify_change
from .definitions import (
    Band,
    InstrumentDefinition,
    Item,
    Kind,
    ResponseScale,
    RiskRule,
    ScoringRule,
    reverse_value,
)
from .engine import Responses, item_problems, score
from .errors import DefinitionError, ScoringError
from .licensed import (
    eq5d5l_definition,
    mycaw_definition,
    pam_definition,
    recovery_outcomes_web_definition,
    score_only_definition,
    wellbeing_star_definition,
)
from .registry import builtin_definitions, get_definition
from .result import ScoreResult

__all__ = [
    "SWEMWBS_CONVERSION",
    "Band",
    "Change",
    "DefinitionError",
    "InstrumentDefinition",
    "Item",
    "Kind",
    "ResponseScale",
    "Responses",
    "RiskRule",
    "ScoreResult",
    "ScoringError",
    "ScoringRule",
    "bespoke_schema",
    "builtin_definitions",
    "classify_change",
    "eq5d5l_definition",
    "gad7_definition",
    "get_definition",
    "item_problems",
    "load_bespoke_definition",
    "mycaw_definition",
    "ons4_definition",
    "pam_definition",
    "phq9_definition",
    "recovery_outcomes_web_definition",
    "reverse_value",
    "score",
    "score_only_definition",
    "swemwbs_definition",
    "ucla3_definition",
    "wellbeing_star_definition",
    "wemwbs_definition",
]
