"""Recording questionnaires: validate timing and answers, score, store with the definition
version used, raise risk alerts. Each write is one transaction with its event and audit
rows, so a refused questionnaire leaves nothing behind."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.outcomes import events
from linkwork.outcomes.answers import normalised_answers, score_or_refuse, stored_scores
from linkwork.outcomes.episodes import episode_facts, taken_many
from linkwork.outcomes.instruments import (
    bespoke_definition,
    bespoke_row,
    kind_of,
    scheme_instruments,
)
from linkwork.outcomes.models import Administration, BespokeInstrument, RiskAlert
from linkwork.outcomes.schedule import timing_problem
from linkwork.outcomes.scoring import (
    InstrumentDefinition,
    ScoreResult,
    builtin_definitions,
)
from linkwork.outcomes.vocab import ALERT_FLAGS, Mode, Timepoint


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """What was asked, how and when: everything but the answers."""

    instrument_id: str
    timepoint: str
    administered_on: date
    mode: str
    administered_by: User | None = None


def _definition(
    referral: Referral, instrument_id: str
) -> tuple[InstrumentDefinition, BespokeInstrument | None]:
    allowed = {choice.id for choice in scheme_instruments(referral.scheme)}
    if instrument_id not in allowed:
        raise DomainError(
            f"{instrument_id!r} is not one of {referral.scheme.name}'s questionnaires.",
            code="instrument_not_in_scheme",
            field_errors={"instrument": ["Choose one of the scheme's questionnaires."]},
        )
    builtin = builtin_definitions().get(instrument_id)
    if builtin is not None:
        return builtin, None
    row = bespoke_row(instrument_id)
    assert row is not None  # scheme_instruments only offers existing rows
    return bespoke_definition(row), row


def _check_questionnaire(q: Questionnaire) -> None:
    problems: dict[str, list[str]] = {}
    if q.timepoint not in Timepoint:
        problems["timepoint"] = ["Choose baseline, review, discharge or follow-up."]
    if q.mode not in Mode:
        problems["mode"] = ["Choose how the questionnaire was completed."]
    if problems:
        raise DomainError("Check the questionnaire.", code="outcome_invalid", field_errors=problems)


def _record(
    *,
    referral: Referral,
    actor: User,
    q: Questionnaire,
    responses: Mapping[str, object] | Sequence[object],
    replacing: Administration | None = None,
    reason: str = "",
) -> Administration:
    _check_questionnaire(q)
    definition, bespoke = _definition(referral, q.instrument_id)
    # Lock the episode so two people recording at once cannot both take the baseline.
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    taken = taken_many([locked.pk], exclude=replacing.pk if replacing else None)
    problem = timing_problem(
        timepoint=Timepoint(q.timepoint),
        instrument_name=definition.name,
        on=q.administered_on,
        today=clock.today(),
        facts=episode_facts(locked),
        taken=[t for t in taken.get(locked.pk, []) if t.instrument_id == q.instrument_id],
    )
    if problem:
        raise DomainError(
            problem, code="outcome_mistimed", field_errors={"administered_on": [problem]}
        )
    result = score_or_refuse(definition, responses)
    scores = stored_scores(definition, result)
    administration = Administration(
        id=uuid.uuid4(),
        scheme_id=referral.scheme_id,
        person_id=referral.person_id,
        referral=referral,
        instrument_id=definition.id,
        definition_version=definition.version,
        kind=kind_of(definition).value,
        bespoke_instrument=bespoke,
        timepoint=q.timepoint,
        administered_on=q.administered_on,
        mode=q.mode,
        administered_by=q.administered_by or actor,
        recorded_by=actor,
        responses=normalised_answers(definition, responses),
        scores=scores,
        primary_score=scores["primary"],
        correction_reason=reason,
    )
    if replacing is not None:
        # Foreign keys are checked at commit, so the old row can point at the new one first
        # and the once-per-episode constraint never sees two current rows.
        replacing.superseded_by_id = administration.pk
        replacing.save(update_fields=["superseded_by", "updated_at"])
    administration.save(force_insert=True)
    _log(administration, actor, replacing)
    _raise_alerts(administration, result, actor)
    return administration


def _log(administration: Administration, actor: User, replacing: Administration | None) -> None:
    events.questionnaire_recorded(administration=administration, actor=actor, replacing=replacing)


def _raise_alerts(administration: Administration, result: ScoreResult, actor: User) -> None:
    for flag in sorted(set(result.flags) & ALERT_FLAGS):
        alert = RiskAlert.objects.create(
            scheme_id=administration.scheme_id,
            person_id=administration.person_id,
            referral=administration.referral,
            administration=administration,
            flag=flag,
            raised_at=timezone.now(),
        )
        events.risk_alert_raised(alert=alert, actor=actor)


@transaction.atomic
def administration_record(
    *,
    referral: Referral,
    actor: User,
    questionnaire: Questionnaire,
    responses: Mapping[str, object] | Sequence[object],
) -> Administration:
    """Score and store one questionnaire; DomainError (with field errors keyed by item code,
    "administered_on", "timepoint", "mode" or "instrument") if anything is wrong."""
    return _record(referral=referral, actor=actor, q=questionnaire, responses=responses)


@transaction.atomic
def administration_correct(
    *,
    administration: Administration,
    actor: User,
    responses: Mapping[str, object] | Sequence[object],
    reason: str,
    administered_on: date | None = None,
    mode: str | None = None,
) -> Administration:
    """Replace a mis-entered questionnaire with a corrected one. The original stays, marked
    as superseded and pointing at its correction, so nothing changes silently."""
    if not reason.strip():
        raise DomainError(
            "Say why the questionnaire is being corrected.",
            code="correction_reason",
            field_errors={"reason": ["Give the reason for the correction."]},
        )
    if administration.superseded_by_id is not None:
        raise DomainError("This questionnaire has already been corrected.", code="corrected")
    questionnaire = Questionnaire(
        instrument_id=administration.instrument_id,
        timepoint=administration.timepoint,
        administered_on=administered_on or administration.administered_on,
        mode=mode or administration.mode,
        administered_by=administration.administered_by,
    )
    return _record(
        referral=administration.referral,
        actor=actor,
        q=questionnaire,
        responses=responses,
        replacing=administration,
        reason=reason.strip(),
    )


@transaction.atomic
def risk_alert_acknowledge(*, alert: RiskAlert, actor: User, note: str = "") -> RiskAlert:
    """The link worker has seen the alert and acted on it (the note says how)."""
    if alert.acknowledged_at is not None:
        raise DomainError("This alert has already been acknowledged.", code="alert_acknowledged")
    alert.acknowledged_by = actor
    alert.acknowledged_at = timezone.now()
    alert.action_note = note.strip()
    alert.save(update_fields=["acknowledged_by", "acknowledged_at", "action_note", "updated_at"])
    events.risk_alert_acknowledged(alert=alert, actor=actor)
    return alert
