"""System checks: a malformed integration-rule or survey setting stops the program at start-up
(`linkwork check`) instead of at the first assessment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from linkwork.implementation.rules import RuleConfigError, rule_from


@register()
def implementation_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    rule = getattr(settings, "LINKWORK_INTEGRATION_RULE", {})
    if not isinstance(rule, dict):
        problems.append(
            Error(
                "LINKWORK_INTEGRATION_RULE must be a dict of thresholds.", id="implementation.E001"
            )
        )
    else:
        try:
            rule_from(rule)
        except RuleConfigError as exc:
            problems.append(Error(f"LINKWORK_INTEGRATION_RULE: {exc}", id="implementation.E001"))
    minimum = getattr(settings, "LINKWORK_NOMAD_MIN_RESPONSES", 5)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 2:
        problems.append(
            Error(
                "LINKWORK_NOMAD_MIN_RESPONSES must be a whole number of at least 2.",
                id="implementation.E002",
            )
        )
    return problems
