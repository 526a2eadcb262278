"""The report's groups in words. Pure Python.

The analysis counts by stored code, and the JSON report keeps the codes for analysts; the
pages and the HTML report name each group by its vocabulary's label (a referral source, a
need, a status, a delivery model), so nobody reads "loneliness_isolation" or "dwp".
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from linkwork.core.needs import Need
from linkwork.episodes.lifecycle import DischargeReason, Status
from linkwork.episodes.vocab import ConnectionStatus, FinancialGainType
from linkwork.groups.vocab import GROUP_WORK_LABELS
from linkwork.implementation.rules import Classification
from linkwork.organisations.delivery_models import MODEL_NAMES
from linkwork.organisations.policy_rules import ReferralSource
from linkwork.people.equalities import QUESTIONS
from linkwork.people.vocab import ETHNICITY_CHOICES, SEX_CHOICES

# Groups the analysis itself names when a value is missing.
MISSING = {
    "not recorded": "Not recorded",
    "unknown": "Not known",
    "unclassified": "Not classified",
}
MODELS = {str(n): f"Model {n}: {name}" for n, name in MODEL_NAMES.items()} | {
    f"model {n}": f"Model {n}: {name}" for n, name in MODEL_NAMES.items()
}
ACTIVITY = {
    "by_source": dict(ReferralSource.choices),
    "by_reason": dict(Need.choices),
    "statuses": dict(Status.choices),
    "discharge_reasons": dict(DischargeReason.choices),
    "group_work": GROUP_WORK_LABELS,
}
# Outcome breakdowns, by the heading the analysis gives them.
BREAKDOWNS = {
    "Delivery model": MODELS,
    "Sex": dict(SEX_CHOICES),
    "Ethnicity": dict(ETHNICITY_CHOICES),
    **{question.label: question.band_labels for question in QUESTIONS},
    "Group work": GROUP_WORK_LABELS,
}


def _word(labels: Mapping[str, str], code: object) -> object:
    if not isinstance(code, str):
        return code
    return labels.get(code) or MISSING.get(code, code)


def _relabel(rows: list[dict[str, Any]], labels: Mapping[str, str]) -> None:
    for row in rows:
        row["group"] = _word(labels, row.get("group"))


def _service_groups(rows: list[dict[str, Any]]) -> None:
    needs = dict(Need.choices)
    for row in rows:
        need = needs.get(row.get("need") or "", row.get("need") or "need not stated")
        row["group"] = f"{row['service']} ({need})"


def labelled(report: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the report with every coded group replaced by its label."""
    out = copy.deepcopy(dict(report))
    activity = out.get("activity", {})
    for key, labels in ACTIVITY.items():
        _relabel(activity.get(key, []), labels)
    _relabel(activity.get("connections", {}).get("by_status", []), dict(ConnectionStatus.choices))
    _service_groups(activity.get("connections_by_service", []))
    _relabel(out.get("implementation", []), dict(Classification.choices))
    gains = out.get("financial_gains") or {}
    _relabel(gains.get("by_delivery_model", []), MODELS)
    _relabel(gains.get("by_deprivation", []), {})
    _relabel(gains.get("by_type", []), dict(FinancialGainType.choices))
    for name in ("costs", "gp_appointments", "workforce"):
        section = out.get(name) or {}
        _relabel(section.get("by_delivery_model", []), MODELS)
        if section.get("overall"):
            section["overall_rows"] = [{**section["overall"], "group": "All"}]
    for block in out.get("outcomes", []):
        for heading, rows in block.get("breakdowns", {}).items():
            _relabel(rows, BREAKDOWNS.get(heading, {}))
        models = block.get("delivery_models") or {}
        _relabel(models.get("effects", []), MODELS)
        if "reference" in models:
            models["reference"] = _word(MODELS, models["reference"])
    return out
