"""TIDieR descriptions of schemes (Hoffmann et al., BMJ 2014;348:g1687), plus "voice".

Items that the structured registry already determines (who provided, how, where, when and
how much, tailoring) are generated from it here, so the description cannot drift from the
scheme's real settings; the rest are free text kept on the scheme. Items 11 and 12 ("how well:
planned" and "how well: actual") are written from the fidelity data the product holds when it
is handed in (`Fidelity`: the planned session cap, questionnaire schedule and integration
target; the share of episodes within the cap, questionnaire completion at baseline and
follow-up, and the practices by integration class), with the scheme's own notes after them.
Pure Python: the facts are gathered above the registry and passed in.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from linkwork.organisations.policy_rules import (
    Accompaniment,
    Exclusion,
    OutcomeTool,
    PriorityGroup,
    ReferralSource,
)

# (number, key, title, generated from the registry?)
TIDIER_ITEMS: tuple[tuple[str, str, str, bool], ...] = (
    ("1", "brief_name", "Brief name", False),
    ("2", "why", "Why", False),
    ("3", "what_materials", "What: materials", False),
    ("4", "what_procedures", "What: procedures", False),
    ("5", "who_provided", "Who provided", True),
    ("6", "how", "How", True),
    ("7", "where", "Where", True),
    ("8", "when_and_how_much", "When and how much", True),
    ("9", "tailoring", "Tailoring", True),
    ("10", "modifications", "Modifications", False),
    ("11", "how_well_planned", "How well: planned", False),
    ("12", "how_well_actual", "How well: actual", False),
    ("voice", "voice", "Voice", False),
)
FREE_TEXT_KEYS = tuple(key for _, key, _, generated in TIDIER_ITEMS if not generated)
# Free-text items that open with measured fidelity when the product has it.
FIDELITY_KEYS = ("how_well_planned", "how_well_actual")


@dataclass(frozen=True, slots=True)
class TidierFacts:
    scheme_name: str
    region_name: str
    commissioner: str
    employer: str
    employer_kind: str
    managers: tuple[str, ...]
    delivery_model: int | None
    delivery_model_name: str
    practice_count: int
    unit_names: tuple[str, ...]
    registered_patients: int
    age_range: str
    priority_groups: tuple[str, ...]
    accepted_sources: tuple[str, ...]
    session_cap: int | None
    at_risk_exception: bool
    rereferral_min_gap_days: int
    exclusions: tuple[str, ...]
    home_visits: bool
    accompaniment: str
    outcome_tools: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScheduledQuestionnaire:
    """One planned questionnaire: its name, the timepoint and when it falls due, in words."""

    instrument: str
    timepoint: str
    when: str


@dataclass(frozen=True, slots=True)
class Completion:
    """How many episodes had a questionnaire at a timepoint, of those where it was due."""

    done: int
    due: int


@dataclass(frozen=True, slots=True)
class Fidelity:
    """What the scheme planned and what was measured, gathered from the upper apps."""

    questionnaires: tuple[ScheduledQuestionnaire, ...]
    practices_served: int
    episodes_with_sessions: int
    episodes_within_cap: int
    median_sessions: float | None
    baseline: Completion
    # None when the schedule has no follow-up questionnaire.
    follow_up: Completion | None
    follow_up_days: int | None
    integration_period: str
    practices_by_class: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class TidierItem:
    number: str
    key: str
    title: str
    text: str
    generated: bool


def _join(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def generated_items(facts: TidierFacts) -> dict[str, str]:
    model = (
        f"delivery model {facts.delivery_model} ({facts.delivery_model_name})"
        if facts.delivery_model is not None
        else "a delivery model not yet classified"
    )
    who = (
        f"Link workers employed by {facts.employer} ({facts.employer_kind}), managed by "
        f"{_join(list(facts.managers))}, and commissioned by {facts.commissioner}; {model}."
    )

    visits = (
        "face to face at the practice, by telephone and by home visit"
        if facts.home_visits
        else "face to face at the practice and by telephone; no home visits"
    )
    accompany = Accompaniment(facts.accompaniment).label
    tools = [dict(OutcomeTool.choices).get(t, t) for t in facts.outcome_tools]
    how = f"One-to-one support from a link worker, {visits}. {accompany}. " + (
        f"Outcomes are measured with {_join(tools)}."
        if tools
        else "No outcome measure is named in the scheme's policy."
    )

    units = _join(list(facts.unit_names)) if facts.unit_names else "no PCN or HSCP yet"
    where = (
        f"{_plural(facts.practice_count, 'GP practice')} in {units} ({facts.region_name}), "
        f"with {facts.registered_patients:,} registered patients."
    )

    if facts.session_cap is None:
        amount = "No fixed limit on the number of sessions."
    else:
        amount = f"Up to {_plural(facts.session_cap, 'session')} per episode of support"
        amount += (
            "; people at risk are not discharged at the cap." if facts.at_risk_exception else "."
        )
    if facts.rereferral_min_gap_days:
        amount += (
            f" A person can be referred again {_plural(facts.rereferral_min_gap_days, 'day')} "
            "after their last episode ended."
        )
    else:
        amount += " A person can be referred again at any time."

    sources = [ReferralSource(s).label for s in facts.accepted_sources]
    groups = [PriorityGroup(g).label for g in facts.priority_groups]
    excluded = [Exclusion(e).label for e in facts.exclusions]
    tailoring = f"Ages: {facts.age_range}. Referrals accepted from: {_join(sources)}. "
    tailoring += (
        f"Priority groups: {_join(groups)}." if groups else "A generic service for everyone."
    )
    if excluded:
        tailoring += f" Not suitable for people: {_join(excluded).lower()}."
    return {
        "who_provided": who,
        "how": how,
        "where": where,
        "when_and_how_much": amount,
        "tailoring": tailoring,
    }


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)}%)"


def _number(value: float) -> str:
    return f"{value:g}"


def planned_fidelity(facts: TidierFacts, fidelity: Fidelity) -> str:
    """Item 11: the fidelity the scheme plans, from its policy, schedule and practices."""
    if facts.session_cap is None:
        sessions = "Sessions: no cap is set; support lasts as long as the person needs it."
    else:
        sessions = f"Sessions: up to {_plural(facts.session_cap, 'session')} per episode" + (
            ", with people at risk kept on past the cap."
            if facts.at_risk_exception
            else ", with no exception at the cap."
        )
    by_instrument: dict[str, list[str]] = {}
    for q in fidelity.questionnaires:
        # "at discharge" alone, not "discharge at discharge".
        phrase = (
            q.when if q.when == f"at {q.timepoint.lower()}" else f"{q.timepoint.lower()} {q.when}"
        )
        by_instrument.setdefault(q.instrument, []).append(phrase)
    questionnaires = (
        "Questionnaires: "
        + "; ".join(f"{name}: {_join(times)}" for name, times in by_instrument.items())
        + "."
        if by_instrument
        else "Questionnaires: none is scheduled."
    )
    served = fidelity.practices_served
    integration = (
        "Integration target: "
        + ("the practice served" if served == 1 else f"all {served} practices served")
        + " fully integrated, with link work at the patient, practice and community levels."
        if served
        else "Integration target: none yet, as no practice is served."
    )
    return "\n".join((sessions, questionnaires, integration))


def actual_fidelity(facts: TidierFacts, fidelity: Fidelity) -> str:
    """Item 12: the fidelity measured from episodes, questionnaires and integration."""
    started = fidelity.episodes_with_sessions
    if not started:
        sessions = "Sessions: no episode has had a session yet."
    elif facts.session_cap is None:
        median = _number(fidelity.median_sessions or 0)
        sessions = (
            f"Sessions: no cap is set; {_plural(started, 'episode')} with a session had a "
            f"median of {median} sessions."
        )
    else:
        sessions = (
            f"Sessions: {_share(fidelity.episodes_within_cap, started)} episodes with a session "
            f"stayed within the cap of {facts.session_cap}."
        )
    parts = []
    if fidelity.baseline.due:
        parts.append(
            f"baseline completed in {_share(fidelity.baseline.done, fidelity.baseline.due)} "
            "episodes with a session"
        )
    else:
        parts.append("no baseline was due yet")
    if fidelity.follow_up is None:
        parts.append("no follow-up is scheduled")
    elif fidelity.follow_up.due:
        parts.append(
            f"follow-up completed in {_share(fidelity.follow_up.done, fidelity.follow_up.due)} "
            f"episodes discharged at least {fidelity.follow_up_days} days ago"
        )
    else:
        parts.append("no follow-up was due yet")
    questionnaires = f"Questionnaires: {'; '.join(parts)}."
    classes = [f"{count} {label.lower()}" for label, count in fidelity.practices_by_class if count]
    integration = (
        f"Integration ({fidelity.integration_period}): {_join(classes)}."
        if classes
        else f"Integration ({fidelity.integration_period}): no practice assessed."
    )
    return "\n".join((sessions, questionnaires, integration))


def build_description(
    facts: TidierFacts, free_text: dict[str, str], fidelity: Fidelity | None = None
) -> list[TidierItem]:
    generated = generated_items(facts)
    measured = (
        {
            "how_well_planned": planned_fidelity(facts, fidelity),
            "how_well_actual": actual_fidelity(facts, fidelity),
        }
        if fidelity is not None
        else {}
    )
    items = []
    for number, key, title, is_generated in TIDIER_ITEMS:
        text = generated[key] if is_generated else free_text.get(key, "").strip()
        if key == "brief_name" and not text:
            text = facts.scheme_name
        if key in measured:
            # The measured fidelity first, then the scheme's own notes on it.
            notes = f"\n\nNotes: {text}" if text else ""
            items.append(TidierItem(number, key, title, measured[key] + notes, True))
            continue
        items.append(TidierItem(number, key, title, text, is_generated))
    return items


def render_markdown(scheme_name: str, items: list[TidierItem]) -> str:
    lines = [f"# TIDieR description: {scheme_name}", ""]
    for item in items:
        heading = item.title if item.number == "voice" else f"{item.number}. {item.title}"
        lines.append(f"## {heading}")
        lines.append("")
        lines.append(item.text or "_Not yet described._")
        if item.generated:
            lines.append("")
            lines.append(
                "_Measured from the scheme's records._"
                if item.key in FIDELITY_KEYS
                else "_Generated from the scheme's registry settings._"
            )
        lines.append("")
    return "\n".join(lines)


def render_json(scheme_name: str, scheme_id: str, items: list[TidierItem]) -> str:
    payload = {
        "scheme": scheme_name,
        "scheme_id": scheme_id,
        "items": [asdict(item) for item in items],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)
