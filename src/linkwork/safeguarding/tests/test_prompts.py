"""Prompts to record a safeguarding concern: a PHQ-9 item 9 above 0 and a referral's risk
each prompt once, prefilled; acting on one or dismissing it with a reason ends it; nothing
is ever created without the link worker."""

from __future__ import annotations

import pytest
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.episodes.models import Referral
from linkwork.outcomes.models import RiskAlert
from linkwork.safeguarding.models import Concern
from linkwork.safeguarding.selectors import prompts_for
from linkwork.safeguarding.services import prompt_dismiss
from linkwork.testing.world import SmallWorld, refer_and_start

from .conftest import open_concern

pytestmark = pytest.mark.django_db


def test_a_phq9_item9_alert_prompts_a_self_harm_concern_and_creates_none(
    episode: Referral, alert: RiskAlert
) -> None:
    (prompt,) = prompts_for(referral=episode)
    assert (prompt.source, prompt.category, prompt.alert) == ("risk_alert", "self_harm", alert)
    assert "PHQ-9" in prompt.reason
    assert not Concern.objects.exists()


def test_item9_at_zero_prompts_nothing(episode: Referral, link_worker: User) -> None:
    from linkwork.outcomes.services import Questionnaire, administration_record

    administration_record(
        referral=episode,
        actor=link_worker,
        questionnaire=Questionnaire("phq9", "baseline", episode.received_on, "with_link_worker"),
        responses=[2, 2, 2, 2, 2, 2, 2, 2, 0],
    )
    assert prompts_for(referral=episode) == []


def test_a_concern_from_the_alert_ends_its_prompt_but_not_anothers(
    episode: Referral, link_worker: User, alert: RiskAlert
) -> None:
    open_concern(episode, link_worker, category="self_harm", risk_alert=alert)
    assert prompts_for(referral=episode) == []
    # A later alert (raised directly: one baseline PHQ-9 per episode) prompts again.
    later = RiskAlert.objects.create(
        scheme_id=episode.scheme_id,
        person_id=episode.person_id,
        referral=episode,
        administration=alert.administration,
        flag="risk",
        raised_at=timezone.now(),
    )
    assert [p.alert for p in prompts_for(referral=episode)] == [later]


def test_dismissing_with_a_reason_ends_the_prompt(
    episode: Referral, link_worker: User, alert: RiskAlert
) -> None:
    prompt_dismiss(
        referral=episode,
        actor=link_worker,
        source="risk_alert",
        risk_alert=alert,
        reason="Discussed with the GP the same day.",
    )
    assert prompts_for(referral=episode) == []


def test_the_referrals_risk_prompts_with_its_category(world: SmallWorld, link_worker: User) -> None:
    referral = refer_and_start(world, risk_flags=("domestic_abuse", "lone_working_caution"))
    (prompt,) = prompts_for(referral=referral)
    assert (prompt.source, prompt.category) == ("referral_risk", "domestic_abuse")
    assert "Domestic abuse" in prompt.reason
    open_concern(referral, link_worker, category="domestic_abuse", from_referral_risk=True)
    assert prompts_for(referral=referral) == []


def test_a_lone_working_caution_alone_prompts_nothing(world: SmallWorld) -> None:
    referral = refer_and_start(world, risk_flags=("lone_working_caution",))
    assert prompts_for(referral=referral) == []
