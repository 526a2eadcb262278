"""The integration rule's thresholds and the indicators they apply to: defaults, overrides
and their validation. Pure, no Django. The rule itself, with the defaults table, is documented
in `rules` and in docs/integration-rule.md.

Every default here is the product's own choice. The Glasgow Deep End study the rule draws on
is qualitative: it names what distinguished the practices that embedded the programme, not
numbers, so each threshold is a configurable heuristic for a study finding, not a value the
study measured."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

from linkwork.implementation.nomad import Construct

__all__ = [
    "DEFAULT_RULE",
    "INDICATORS",
    "INDICATOR_CODES",
    "NOMAD_PREFIX",
    "IndicatorSpec",
    "IntegrationRule",
    "RuleConfigError",
    "indicator_spec",
    "rule_from",
]


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    code: str
    label: str
    area: str  # a level, an NPT construct, "leadership", "continuity" or "context"
    unit: str


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("patient_minutes", "One-to-one time with patients", "patient level", "minutes"),
    IndicatorSpec(
        "practice_share", "Share of link worker time at practice level", "practice level", "%"
    ),
    IndicatorSpec(
        "practice_activities_90d",
        "Practice-development activities in the last 90 days",
        "practice level",
        "activities",
    ),
    IndicatorSpec(
        "community_share", "Share of link worker time at community level", "community level", "%"
    ),
    IndicatorSpec(
        "community_activities_90d",
        "Community activities in the last 90 days",
        "community level",
        "activities",
    ),
    IndicatorSpec(
        "event_staff_groups",
        "Staff groups at practice events in the last 90 days",
        "cognitive participation",
        "staff groups",
    ),
    IndicatorSpec(
        "referring_staff_groups",
        "Practice staff groups that referred",
        "cognitive participation",
        "staff groups",
    ),
    IndicatorSpec(
        "practice_lead",
        "Named practice lead who takes part in practice meetings",
        "leadership",
        "of 2",
    ),
    *(
        IndicatorSpec(
            f"nomad_{c.value}",
            f"NoMAD: {c.label}",
            c.value.replace("_", " "),
            "mean 1-5",
        )
        for c in Construct
    ),
    IndicatorSpec("uncovered_weeks", "Weeks without link worker cover", "continuity", "weeks"),
    IndicatorSpec("handover_overlap_days", "Shortest handover overlap", "continuity", "days"),
    IndicatorSpec(
        "concurrent_initiatives", "Other initiatives running alongside", "context", "initiatives"
    ),
)
INDICATOR_CODES = frozenset(spec.code for spec in INDICATORS)
NOMAD_PREFIX = "nomad_"
_SPECS = {spec.code: spec for spec in INDICATORS}


def indicator_spec(code: str) -> IndicatorSpec:
    return _SPECS[code]


class RuleConfigError(ValueError):
    """An override names an unknown threshold or gives it an impossible value."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{key}: {text}" for key, text in self.problems.items()))


@dataclass(frozen=True, slots=True)
class IntegrationRule:
    """Thresholds of the integration rule; the `rules` module docstring explains each one."""

    min_total_minutes: int = 60
    min_minutes_for_shares: int = 600
    min_patient_minutes: int = 1
    min_practice_share_pct: float = 10.0
    min_community_share_pct: float = 10.0
    min_practice_activities_90d: int = 6
    min_community_activities_90d: int = 6
    min_event_staff_groups: int = 3
    min_referring_staff_groups: int = 2
    min_construct_mean: float = 3.5
    nomad_max_age_days: int = 365
    min_leadership_score: int = 2
    leadership_max_age_days: int = 365
    max_uncovered_weeks: float = 4.0
    min_handover_overlap_days: int = 5
    max_concurrent_initiatives: int = 1
    context_indicators: frozenset[str] = field(
        default=frozenset(
            {"referring_staff_groups", "nomad_reflexive_monitoring", "concurrent_initiatives"}
        )
    )

    def counts(self, code: str) -> bool:
        """Whether the indicator decides the classification. NoMAD constructs never do: they
        strengthen or question it (see `supports`)."""
        return code not in self.context_indicators and not code.startswith(NOMAD_PREFIX)

    def supports(self, code: str) -> bool:
        """Whether the indicator is NoMAD evidence weighed against the classification."""
        return code.startswith(NOMAD_PREFIX) and code not in self.context_indicators

    @property
    def context_labels(self) -> list[str]:
        return [spec.label for spec in INDICATORS if spec.code in self.context_indicators]

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["context_indicators"] = sorted(self.context_indicators)
        return data


DEFAULT_RULE = IntegrationRule()

# Upper bounds that keep a threshold meaningful (a share is a percentage, a mean is 1-5...).
_BOUNDS: dict[str, tuple[float, float]] = {
    "min_total_minutes": (0, 1_000_000),
    "min_minutes_for_shares": (0, 1_000_000),
    "min_patient_minutes": (0, 1_000_000),
    "min_practice_share_pct": (0, 100),
    "min_community_share_pct": (0, 100),
    "min_practice_activities_90d": (0, 1000),
    "min_community_activities_90d": (0, 1000),
    "min_event_staff_groups": (0, 4),
    "min_referring_staff_groups": (0, 4),
    "min_construct_mean": (1, 5),
    "nomad_max_age_days": (1, 3660),
    "min_leadership_score": (0, 2),
    "leadership_max_age_days": (1, 3660),
    "max_uncovered_weeks": (0, 53),
    "min_handover_overlap_days": (0, 365),
    "max_concurrent_initiatives": (0, 100),
}
_WHOLE = {f for f in _BOUNDS if not f.endswith(("_pct", "_mean", "_weeks"))}


def rule_from(
    overrides: Mapping[str, object], base: IntegrationRule = DEFAULT_RULE
) -> IntegrationRule:
    """`base` with `overrides` applied, after checking every key and value.

    >>> rule_from({"min_practice_share_pct": 15}).min_practice_share_pct
    15.0
    """
    problems: dict[str, str] = {}
    changes: dict[str, object] = {}
    for key, value in overrides.items():
        if key == "context_indicators":
            if not isinstance(value, list | tuple | frozenset | set) or not all(
                isinstance(code, str) for code in value
            ):
                problems[key] = "Give a list of indicator codes."
                continue
            codes = frozenset(str(code) for code in value)
            unknown = sorted(codes - INDICATOR_CODES)
            if unknown:
                problems[key] = f"Unknown indicators: {', '.join(unknown)}."
            else:
                changes[key] = codes
            continue
        if key not in _BOUNDS:
            problems[key] = "Not a threshold of the integration rule."
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems[key] = "Give a number."
            continue
        low, high = _BOUNDS[key]
        if key in _WHOLE and value != int(value):
            problems[key] = "Give a whole number."
        elif not low <= value <= high:
            problems[key] = f"Give a number from {low:g} to {high:g}."
        else:
            changes[key] = int(value) if key in _WHOLE else float(value)
    if problems:
        raise RuleConfigError(problems)
    return replace(base, **changes)  # type: ignore[arg-type]
