"""Turning a questionnaire's answers into stored scores, or one error naming every bad item.

Shared by the recording service and the demo world, so both store scores the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from linkwork.core.errors import DomainError
from linkwork.outcomes.instruments import primary_of
from linkwork.outcomes.scoring import InstrumentDefinition, ScoreResult, item_problems, score
from linkwork.outcomes.scoring.formatting import plural, show


def _item_message(definition: InstrumentDefinition, code: str, value: object) -> str:
    item = next(i for i in definition.items if i.code == code)
    kind = "a whole number" if item.scale.whole_numbers else "a number"
    return (
        f"The answer for '{item.label}' must be {kind} from {item.scale.min} to "
        f"{item.scale.max}; got {show(value)}."
    )


def score_or_refuse(
    definition: InstrumentDefinition, responses: Mapping[str, object] | Sequence[object]
) -> ScoreResult:
    """Score, or raise one DomainError naming every bad or missing item."""
    problems = item_problems(definition, responses)
    shape = [message for code, message in problems.items() if code not in definition.item_codes]
    if shape:
        raise DomainError(shape[0], code="responses_invalid")
    if problems:
        answers = normalised_answers(definition, responses)
        raise DomainError(
            f"Some answers are outside {definition.name}'s range.",
            code="responses_out_of_range",
            field_errors={
                code: [_item_message(definition, code, answers.get(code))] for code in problems
            },
        )
    labels = {item.code: item.label for item in definition.items}
    try:
        result = score(definition, responses)
    except ValueError as exc:  # no answers at all
        raise DomainError(
            str(exc),
            code="responses_empty",
            field_errors={code: [f"Answer '{label}'."] for code, label in labels.items()},
        ) from exc
    _refuse_unanswered_risk_items(definition, result)
    if not result.scored:
        allowed = (
            "every item answered"
            if definition.max_missing == 0
            else f"at most {plural(definition.max_missing, 'item')} unanswered"
        )
        raise DomainError(
            f"{definition.name} needs {allowed}; {plural(len(result.missing), 'item')} "
            f"{'is' if len(result.missing) == 1 else 'are'} unanswered: "
            f"{', '.join(labels[code] for code in result.missing)}."
            + _risk_answer_warning(definition, result),
            code="responses_incomplete",
            field_errors={code: [f"Answer '{labels[code]}'."] for code in result.missing},
        )
    return result


def _refuse_unanswered_risk_items(definition: InstrumentDefinition, result: ScoreResult) -> None:
    """A risk item (PHQ-9 item 9) left blank is asked for, with the reason, before anything
    else: whatever the missing-item rule, an unanswered risk question cannot show risk."""
    labels = {item.code: item.label for item in definition.items}
    rules = [rule for rule in definition.risk_rules if rule.item in result.missing]
    if not rules:
        return
    risk_items = {rule.item for rule in rules}
    # Other blanks matter only where they would stop the questionnaire being scored anyway.
    others = [code for code in result.missing if code not in risk_items and not result.scored]
    field_errors = {code: [f"Answer '{labels[code]}'."] for code in others}
    sentences = []
    for rule in rules:
        label = labels[rule.item]
        why = f": {rule.why}" if rule.why else ""
        field_errors[rule.item] = [f"Ask about '{label}' and record the answer{why}."]
        sentences.append(
            f"{definition.name} is missing the answer to '{label}'. Ask it before saving{why}."
        )
    if others:
        sentences.append(f"Also unanswered: {', '.join(labels[code] for code in others)}.")
    raise DomainError(" ".join(sentences), code="risk_item_unanswered", field_errors=field_errors)


def _risk_answer_warning(definition: InstrumentDefinition, result: ScoreResult) -> str:
    """An answer that shows risk must not be lost with a refused questionnaire: say so."""
    labels = {item.code: item.label for item in definition.items}
    triggered = [labels[rule.item] for rule in definition.risk_rules if rule.flag in result.flags]
    if not triggered:
        return ""
    return (
        f" The answer to '{triggered[0]}' shows risk: finish and save the questionnaire so a "
        "risk alert is raised, and follow your scheme's risk procedure today."
    )


def missing_items_note(definition: InstrumentDefinition, missing: Sequence[str]) -> str:
    """What a recorded questionnaire left unanswered, for instruments whose items stand alone
    (ONS4): each such item is missing for that item only. Empty when nothing is missing."""
    if definition.scoring != "per_item" or not missing:
        return ""
    labels = {item.code: item.label for item in definition.items}
    names = ", ".join(f"'{labels.get(code, code)}'" for code in missing)
    return (
        f"Not answered: {names}. The other answers are scored on their own; "
        f"{'this item is' if len(missing) == 1 else 'these items are'} recorded as "
        "missing. If the person answers later, correct this questionnaire to add "
        f"{'it' if len(missing) == 1 else 'them'}."
    )


def stored_scores(definition: InstrumentDefinition, result: ScoreResult) -> dict[str, Any]:
    primary = primary_of(definition, result)
    return {
        **result.to_json_dict(),
        "primary_measure": primary[0] if primary else None,
        "primary": primary[1] if primary else None,
        "missing": list(result.missing),
        "prorated": result.prorated,
    }


def normalised_answers(
    definition: InstrumentDefinition, responses: Mapping[str, object] | Sequence[object]
) -> dict[str, object]:
    if isinstance(responses, Mapping):
        return {code: responses.get(code) for code in definition.item_codes}
    return dict(zip(definition.item_codes, responses, strict=True))
