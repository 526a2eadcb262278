"""Outcomes' kinds of episode event: a questionnaire recorded, a risk alert raised or
acknowledged. Each writes its timeline entry and audit row in one call (see episodes.events)."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.episodes.events import Audited, Kind, record
from linkwork.episodes.models import ReferralEvent
from linkwork.outcomes.models import Administration, RiskAlert


def questionnaire_recorded(
    *, administration: Administration, actor: User, replacing: Administration | None
) -> ReferralEvent:
    corrects = {"corrects": str(replacing.pk)} if replacing else {}
    return record(
        referral=administration.referral,
        kind=Kind.OUTCOME,
        actor=actor,
        data={
            "administration": str(administration.pk),
            "instrument": administration.instrument_id,
            "version": administration.definition_version,
            "timepoint": administration.timepoint,
            "primary": administration.primary_score,
            "corrects": str(replacing.pk) if replacing else "",
        },
        audited=Audited(
            "create",
            "outcome_administration",
            administration.pk,
            {"instrument": administration.instrument_id, "timepoint": administration.timepoint}
            | corrects,
        ),
    )


def risk_alert_raised(*, alert: RiskAlert, actor: User) -> ReferralEvent:
    administration = alert.administration
    return record(
        referral=alert.referral,
        kind=Kind.ALERT,
        actor=actor,
        data={
            "alert": str(alert.pk),
            "flag": alert.flag,
            "instrument": administration.instrument_id,
            "administration": str(administration.pk),
        },
        audited=Audited("create", "outcome_risk_alert", alert.pk, {"flag": alert.flag}),
    )


def risk_alert_acknowledged(*, alert: RiskAlert, actor: User) -> ReferralEvent:
    return record(
        referral=alert.referral,
        kind=Kind.ALERT,
        actor=actor,
        data={"alert": str(alert.pk), "acknowledged": True, "note": alert.action_note},
        audited=Audited("update", "outcome_risk_alert", alert.pk, {"acknowledged": True}),
    )
