"""Recording questionnaires: scores stored with their version, refusals leave nothing behind."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import ReferralEvent
from linkwork.outcomes.models import Administration, RiskAlert
from linkwork.outcomes.selectors import outcome_score_rows
from linkwork.outcomes.services import (
    Questionnaire,
    administration_correct,
    administration_record,
    risk_alert_acknowledge,
)

pytestmark = pytest.mark.django_db

SWEMWBS = [3, 3, 3, 3, 3, 3, 3]  # raw 21, metric 19.25


def counts() -> tuple[int, int, int, int]:
    return (
        Administration.objects.count(),
        RiskAlert.objects.count(),
        ReferralEvent.objects.filter(kind__in=["outcome", "alert"]).count(),
        AuditEvent.objects.filter(object_type__startswith="outcome").count(),
    )


def record(referral, actor, instrument="swemwbs", timepoint="baseline", responses=None, **kw):
    first_session = referral.encounters.order_by("occurred_on").first()
    on = kw.pop("on", first_session.occurred_on if first_session else timezone.localdate())
    return administration_record(
        referral=referral,
        actor=actor,
        questionnaire=Questionnaire(
            instrument_id=instrument,
            timepoint=timepoint,
            administered_on=on,
            mode=kw.pop("mode", "with_link_worker"),
        ),
        responses=SWEMWBS if responses is None else responses,
    )


def refused(*args, **kwargs) -> DomainError:
    before = counts()
    with pytest.raises(DomainError) as caught:
        record(*args, **kwargs)
    assert counts() == before, "a refused questionnaire must leave nothing behind"
    return caught.value


def test_baseline_is_scored_and_stored_with_its_version(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    administration = record(referral, link_worker)
    assert administration.definition_version == "1"
    assert administration.kind == "validated"
    assert administration.scheme_id == referral.scheme_id
    assert administration.person_id == referral.person_id
    assert administration.administered_by == link_worker
    assert administration.responses == {
        "optimistic": 3,
        "useful": 3,
        "relaxed": 3,
        "dealing_with_problems": 3,
        "thinking_clearly": 3,
        "close_to_others": 3,
        "own_mind": 3,
    }
    assert administration.scores == {
        "instrument": "swemwbs",
        "version": "1",
        "total": 21,
        "metric": 19.25,
        "bands": {},
        "flags": [],
        "primary_measure": "metric",
        "primary": 19.25,
        "missing": [],
        "prorated": False,
    }
    assert administration.primary_score == 19.25
    event = referral.events.get(kind="outcome")
    assert event.data["instrument"] == "swemwbs"
    assert event.data["version"] == "1"
    audit = AuditEvent.objects.get(object_type="outcome_administration", action="create")
    assert (audit.person_id, audit.scheme_id) == (referral.person_id, referral.scheme_id)


def test_responses_keyed_by_code_are_accepted(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    answers = {"life_satisfaction": 7, "worthwhile": 8, "happiness": 5, "anxiety": 3}
    administration = record(referral, link_worker, instrument="ons4", responses=answers)
    assert administration.primary_score is None
    assert administration.scores["items"] == answers
    assert administration.scores["bands"]["anxiety"] == "Low"


def test_ons4_with_an_item_unanswered_stores_the_answered_items(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    answers = {"life_satisfaction": 7, "worthwhile": None, "happiness": 5, "anxiety": 3}
    administration = record(referral, link_worker, instrument="ons4", responses=answers)
    assert administration.scores["items"] == {"life_satisfaction": 7, "happiness": 5, "anxiety": 3}
    assert administration.scores["missing"] == ["worthwhile"]
    assert "worthwhile" not in administration.scores["bands"]
    assert administration.scores["flags"] == []
    assert administration.responses["worthwhile"] is None
    [row] = [r for r in outcome_score_rows() if r["administration_id"] == administration.pk]
    assert json.loads(str(row["parts_json"])) == {
        "anxiety": 3,
        "happiness": 5,
        "life_satisfaction": 7,
    }
    assert row["flags"] == ""


def test_ons4_with_no_answers_is_refused_naming_each_item(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    error = refused(referral, link_worker, instrument="ons4", responses=[None] * 4)
    assert error.code == "responses_empty"
    assert error.message.endswith("answer at least one question.")
    assert error.field_errors["anxiety"] == ["Answer 'anxious yesterday'."]
    assert set(error.field_errors) == {"life_satisfaction", "worthwhile", "happiness", "anxiety"}


def test_out_of_range_answers_are_refused_naming_each_item(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    error = refused(referral, link_worker, responses=[3, 6, 3, 3, 0, 3, 3])
    assert error.code == "responses_out_of_range"
    assert error.field_errors == {
        "useful": ["The answer for 'feeling useful' must be a whole number from 1 to 5; got 6."],
        "thinking_clearly": [
            "The answer for 'thinking clearly' must be a whole number from 1 to 5; got 0."
        ],
    }


def test_incomplete_beyond_the_missing_item_rule_is_refused(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    error = refused(referral, link_worker, responses=[3, 3, None, 3, 3, 3, None])
    assert error.code == "responses_incomplete"
    assert error.message == (
        "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) needs every item answered; "
        "2 items are unanswered: relaxed, own mind."
    )
    assert set(error.field_errors) == {"relaxed", "own_mind"}


def test_mistimed_entries_are_refused(make_episode, link_worker) -> None:
    referral = make_episode(sessions=2)
    record(referral, link_worker)
    second = refused(referral, link_worker)
    assert second.code == "outcome_mistimed"
    assert "already has a baseline" in second.message
    follow_up = refused(referral, link_worker, timepoint="follow_up")
    assert "has not been discharged" in follow_up.message
    future = refused(
        referral, link_worker, timepoint="review", on=timezone.localdate() + timedelta(days=1)
    )
    assert "future" in future.field_errors["administered_on"][0]


def test_an_instrument_outside_the_schemes_policy_is_refused(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    error = refused(referral, link_worker, instrument="mycaw", responses=[1, None, 2])
    assert error.code == "instrument_not_in_scheme"
    assert "instrument" in error.field_errors


def test_bad_mode_and_timepoint_are_refused(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    error = refused(referral, link_worker, timepoint="halfway", mode="carrier pigeon")
    assert set(error.field_errors) == {"timepoint", "mode"}


def test_licensed_tools_are_recorded_score_only(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    pam = record(referral, link_worker, instrument="pam", responses={"score": 55.6, "level": 3})
    assert pam.kind == "licensed"
    assert pam.scores["subscores"] == {"score": 55.6, "level": 3}
    assert pam.primary_score is None
    error = refused(referral, link_worker, instrument="eq5d5l", responses=[1, 1, 6, 1, 1, 50])
    assert error.field_errors["usual_activities"] == [
        "The answer for 'usual activities' must be a whole number from 1 to 5; got 6."
    ]


def test_phq9_item_9_raises_a_risk_alert(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    administration = record(
        referral, link_worker, instrument="phq9", responses=[0, 0, 0, 0, 0, 0, 0, 0, 1]
    )
    alert = RiskAlert.objects.get()
    assert (alert.administration, alert.referral, alert.person_id) == (
        administration,
        referral,
        referral.person_id,
    )
    assert alert.flag == "risk"
    assert alert.is_open
    assert "self-harm" in alert.description
    assert referral.events.filter(kind="alert").count() == 1
    risk_alert_acknowledge(alert=alert, actor=link_worker, note="Phoned; GP informed.")
    alert.refresh_from_db()
    assert not alert.is_open
    assert alert.acknowledged_by == link_worker
    assert referral.events.filter(kind="alert").count() == 2
    with pytest.raises(DomainError, match="already been acknowledged"):
        risk_alert_acknowledge(alert=alert, actor=link_worker)


def test_phq9_without_item_9_raises_no_alert(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    record(referral, link_worker, instrument="phq9", responses=[3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert not RiskAlert.objects.exists()


def test_phq9_with_item_9_unanswered_asks_for_it_and_says_why(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    error = refused(referral, link_worker, instrument="phq9", responses=[1] * 8 + [None])
    assert error.code == "risk_item_unanswered"
    assert error.message.startswith(
        "Patient Health Questionnaire (PHQ-9) is missing the answer to 'thoughts of self-harm'. "
        "Ask it before saving: it is how PHQ-9 picks up thoughts of being better off dead"
    )
    assert "raises a risk alert" in error.message
    [message] = error.field_errors["q9"]
    assert message.startswith("Ask about 'thoughts of self-harm' and record the answer: ")
    assert set(error.field_errors) == {"q9"}


def test_phq9_item_9_is_asked_for_even_where_proration_is_on(link_worker) -> None:
    """Proration could score PHQ-9 without item 9, but then risk could never show."""
    from linkwork.outcomes.answers import score_or_refuse
    from linkwork.outcomes.scoring import phq9_definition

    with pytest.raises(DomainError) as caught:
        score_or_refuse(phq9_definition(max_missing=1), [1] * 8 + [None])
    assert caught.value.code == "risk_item_unanswered"
    assert set(caught.value.field_errors) == {"q9"}


def test_phq9_missing_other_items_too_names_them_all(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    error = refused(
        referral, link_worker, instrument="phq9", responses=[1, 1, None, 1, 1, 1, 1, 1, None]
    )
    assert error.code == "risk_item_unanswered"
    assert error.message.endswith("Also unanswered: item 3.")
    assert error.field_errors["q3"] == ["Answer 'item 3'."]


def test_phq9_risk_answer_on_an_unfinished_questionnaire_is_not_passed_over(
    make_episode, link_worker
) -> None:
    referral = make_episode(sessions=1)
    error = refused(
        referral, link_worker, instrument="phq9", responses=[1, 1, None, 1, 1, 1, 1, 1, 2]
    )
    assert error.code == "responses_incomplete"
    assert error.message.endswith(
        "The answer to 'thoughts of self-harm' shows risk: finish and save the questionnaire "
        "so a risk alert is raised, and follow your scheme's risk procedure today."
    )


def test_a_correction_keeps_the_original(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    original = record(referral, link_worker)
    with pytest.raises(DomainError, match="why"):
        administration_correct(
            administration=original, actor=link_worker, responses=SWEMWBS, reason=" "
        )
    corrected = administration_correct(
        administration=original,
        actor=link_worker,
        responses=[4, 4, 4, 4, 4, 4, 4],
        reason="Typed from the wrong form.",
    )
    original.refresh_from_db()
    assert original.superseded_by == corrected
    assert original.scores["metric"] == 19.25  # history is never rewritten
    assert corrected.scores["metric"] == 25.03  # raw 28
    assert corrected.timepoint == "baseline"
    assert Administration.objects.filter(superseded_by__isnull=True).count() == 1
    with pytest.raises(DomainError, match="already been corrected"):
        administration_correct(
            administration=original, actor=link_worker, responses=SWEMWBS, reason="again"
        )


def test_unknown_items_and_wrong_lengths_are_refused(make_episode, link_worker) -> None:
    referral = make_episode(sessions=1)
    error = refused(referral, link_worker, instrument="ons4", responses={"mood": 3})
    assert error.code == "responses_invalid"
    assert error.message.startswith("Unknown item 'mood' for ons4")
    assert refused(referral, link_worker, responses=[3, 3]).message == (
        "swemwbs has 7 items; got 2 responses."
    )
    assert refused(referral, link_worker, responses=[None] * 7).code == "responses_empty"
