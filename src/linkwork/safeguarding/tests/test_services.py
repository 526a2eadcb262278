"""Contact notes, concerns and prompt dismissals: what each service writes (the record, one
typed episode event, its audit row), what it refuses and why, and the concern's history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral, ReferralEvent
from linkwork.episodes.timeline import timeline_entries
from linkwork.outcomes.models import RiskAlert
from linkwork.safeguarding.models import Concern, ContactNote
from linkwork.safeguarding.services import (
    concern_close,
    concern_update,
    contact_note_record,
    prompt_dismiss,
)

from .conftest import open_concern

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _last_event(referral: Referral) -> ReferralEvent:
    return referral.events.order_by("-at", "-id").first()  # type: ignore[return-value]


def _audited(object_type: str, object_id: object, action: str) -> bool:
    return AuditEvent.objects.filter(
        object_type=object_type, object_id=str(object_id), action=action
    ).exists()


def test_a_contact_note_writes_one_event_and_its_audit_row(
    episode: Referral, link_worker: User
) -> None:
    events_before = episode.events.count()
    note = contact_note_record(
        referral=episode,
        actor=link_worker,
        kind="professional",
        contacted_on=TODAY(),
        with_whom="  Practice mental health nurse ",
        note="Agreed she will call on Friday.",
    )
    assert note.with_whom == "Practice mental health nurse"
    assert (note.scheme_id, note.person_id) == (episode.scheme_id, episode.person_id)
    assert episode.events.count() == events_before + 1
    event = _last_event(episode)
    assert event.kind == ReferralEvent.Kind.NOTE
    assert event.data == {"contact_note": str(note.pk), "contact": "professional"}
    entry = timeline_entries([event])[0]
    assert (entry.title, entry.detail) == (
        "Contact outside a session",
        "Meeting with another professional",
    )
    # The note's words stay out of the timeline, which every caseworker reads.
    assert "Friday" not in entry.title + entry.detail
    assert _audited("contact_note", note.pk, "create")


def test_a_contact_note_names_every_problem_at_once(episode: Referral, link_worker: User) -> None:
    with pytest.raises(DomainError) as caught:
        contact_note_record(
            referral=episode,
            actor=link_worker,
            kind="carrier_pigeon",
            contacted_on=TODAY() + timedelta(days=1),
            with_whom=" ",
            note="",
        )
    assert set(caught.value.field_errors) == {"kind", "contacted_on", "with_whom", "note"}
    assert "future" in caught.value.field_errors["contacted_on"][0]
    assert not ContactNote.objects.exists()
    with pytest.raises(DomainError) as early:
        contact_note_record(
            referral=episode,
            actor=link_worker,
            kind="phone",
            contacted_on=episode.received_on - timedelta(days=1),
            with_whom="The person",
            note="Called.",
        )
    assert "before the referral" in early.value.field_errors["contacted_on"][0]


def test_opening_a_concern_writes_the_record_an_event_and_an_audit_row(
    episode: Referral, link_worker: User, alert: RiskAlert
) -> None:
    concern = open_concern(
        episode,
        link_worker,
        category="self_harm",
        risk_alert=alert,
        lead_name="Sam Lead",
        lead_informed_on=TODAY(),
    )
    assert concern.status == "open"
    assert concern.risk_alert == alert
    event = _last_event(episode)
    assert event.kind == ReferralEvent.Kind.SAFETY
    assert event.data["concern"] == str(concern.pk)
    assert timeline_entries([event])[0].title == "Safeguarding concern recorded"
    assert _audited("safeguarding_concern", concern.pk, "create")


def test_a_concern_is_refused_with_each_field_named(episode: Referral, link_worker: User) -> None:
    with pytest.raises(DomainError) as caught:
        open_concern(
            episode,
            link_worker,
            category="gossip",
            observed="",
            actions=" ",
            lead_name="Sam Lead",
            review_on=TODAY() - timedelta(days=1),
        )
    assert set(caught.value.field_errors) == {
        "category",
        "observed",
        "actions",
        "lead_informed_on",
        "review_on",
    }
    assert not Concern.objects.exists()


def test_a_concern_cannot_link_another_episodes_alert(
    world, episode: Referral, link_worker: User, alert: RiskAlert
) -> None:
    from linkwork.testing.world import refer_and_start

    other = refer_and_start(world, person={"family_name": "Hopper"})
    with pytest.raises(DomainError) as caught:
        open_concern(other, link_worker, risk_alert=alert)
    assert "risk_alert" in caught.value.field_errors


def test_updates_and_closing_keep_the_history(
    episode: Referral, link_worker: User, manager: User, concern: Concern
) -> None:
    concern_update(
        concern=concern,
        actor=manager,
        status="under_review",
        note="Lead reviewing with adult social care.",
        review_on=TODAY() + timedelta(days=14),
        lead_name="Sam Lead",
        lead_informed_on=TODAY(),
    )
    assert (concern.status, concern.lead_name) == ("under_review", "Sam Lead")
    concern_close(concern=concern, actor=manager, note="Adult social care took it on.")
    assert concern.status == "closed"
    assert concern.closed_on == TODAY()
    history = list(concern.updates.values_list("status", "note"))
    assert history == [
        ("under_review", "Lead reviewing with adult social care."),
        ("closed", "Adult social care took it on."),
    ]
    titles = [e.title for e in timeline_entries(episode.events.filter(kind="safety"))]
    assert titles == [
        "Safeguarding concern recorded",
        "Safeguarding concern updated",
        "Safeguarding concern closed",
    ]
    assert _audited("safeguarding_concern", concern.pk, "update")
    with pytest.raises(DomainError) as closed:
        concern_update(
            concern=concern,
            actor=manager,
            status="open",
            note="Again",
            review_on=TODAY() + timedelta(days=1),
        )
    assert closed.value.code == "concern_closed"
    assert concern.updates.count() == 2


def test_an_update_cannot_close_and_needs_a_note(concern: Concern, manager: User) -> None:
    with pytest.raises(DomainError) as caught:
        concern_update(concern=concern, actor=manager, status="closed", note="", review_on=None)
    assert set(caught.value.field_errors) == {"status", "note", "review_on"}
    with pytest.raises(DomainError) as close:
        concern_close(concern=concern, actor=manager, note="  ")
    assert "note" in close.value.field_errors
    concern.refresh_from_db()
    assert concern.status == "open"
    assert not concern.updates.exists()


def test_a_dismissal_needs_a_reason_and_is_on_the_timeline(
    episode: Referral, link_worker: User, alert: RiskAlert
) -> None:
    with pytest.raises(DomainError) as caught:
        prompt_dismiss(
            referral=episode, actor=link_worker, source="risk_alert", risk_alert=alert, reason=""
        )
    assert "reason" in caught.value.field_errors
    dismissal = prompt_dismiss(
        referral=episode,
        actor=link_worker,
        source="risk_alert",
        risk_alert=alert,
        reason="Answered in error; checked with the person by phone.",
    )
    event = _last_event(episode)
    assert timeline_entries([event])[0].title == (
        "Prompt to record a safeguarding concern dismissed"
    )
    assert _audited("safeguarding_prompt_dismissal", dismissal.pk, "create")
