"""Bulk actions on the people ticked: each is reviewed, then done through the episode services
in one go (all or nothing), audited, and refused for anyone outside the user's caseload."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.caseload.services import caseload_reassign
from linkwork.core.errors import DomainError
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import Assignment, Referral
from linkwork.episodes.services.intake import referral_accept
from linkwork.episodes.services.lifecycle import referral_assign
from linkwork.messaging.models import Message
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.testing.world import SmallWorld, refer

from .conftest import Start, client_for, session, today

pytestmark = pytest.mark.django_db

REASSIGN = reverse("caseload:bulk_reassign")
REMIND = reverse("caseload:bulk_remind")
CLOSE = reverse("caseload:bulk_close")
KEY = "submission_key"


def ids(*referrals: Referral) -> list[str]:
    return [str(r.pk) for r in referrals]


@pytest.fixture
def other_scheme_episode(world: SmallWorld) -> Referral:
    """An episode in the Scottish scheme, which nobody in the English scheme works in."""
    referral = refer(world, scheme=world.scot_scheme, practice=world.scot_practice)
    worker = world.extra["scot_link_worker"]
    referral_accept(referral=referral, actor=worker)
    referral_assign(referral=referral, link_worker=worker, actor=worker, on=referral.received_on)
    return referral


def test_reassign_reviews_then_hands_over_and_audits(world: SmallWorld, start: Start) -> None:
    ames, baker = start("Ames"), start("Baker")
    start("Cole")  # not ticked, stays
    manager = world.users[Role.SCHEME_MANAGER]
    colleague = world.extra["colleague"]
    client = client_for(manager)
    review = client.post(REASSIGN, {"episodes": ids(ames, baker), "back": "sort=waiting"})
    assert review.status_code == 200
    page = review.content.decode()
    assert "2 people chosen" in page
    assert "Ada Ames" in page
    assert "Ada Cole" not in page
    # The choice of link worker is the scheme's link workers.
    assert f'value="{colleague.pk}"' in page
    assert AuditEvent.objects.filter(object_type="caseload_review").exists()
    # The review alone changes nothing.
    assert Referral.objects.filter(link_worker=colleague).count() == 0

    done = client.post(
        REASSIGN,
        {
            "episodes": ids(ames, baker),
            "to": colleague.pk,
            "note": "On leave from Monday",
            "confirm": "1",
            "back": "sort=waiting",
            KEY: "reassign-key-1",
        },
    )
    assert done.status_code == 302
    assert done["Location"] == "/caseload/?sort=waiting"
    assert set(Referral.objects.filter(link_worker=colleague).values_list("pk", flat=True)) == {
        ames.pk,
        baker.pk,
    }
    assert (
        Assignment.objects.filter(
            link_worker=colleague, handover_note="On leave from Monday"
        ).count()
        == 2
    )
    event = AuditEvent.objects.get(object_type="caseload_bulk")
    assert event.detail["bulk"] == "reassign"
    assert set(event.subjects.values_list("person_id", flat=True)) == {
        ames.person_id,
        baker.person_id,
    }


def test_a_replayed_confirmation_changes_nothing_twice(world: SmallWorld, start: Start) -> None:
    ames = start("Ames")
    client = client_for(world.users[Role.SCHEME_MANAGER])
    form = {
        "episodes": ids(ames),
        "to": world.extra["colleague"].pk,
        "note": "Handover",
        "confirm": "1",
        KEY: "reassign-replay-1",
    }
    assert client.post(REASSIGN, form).status_code == 302
    again = client.post(REASSIGN, form, follow=True)
    assert "already sent and saved" in again.content.decode()
    assert Assignment.objects.filter(referral=ames).count() == 2  # the first and the handover
    assert AuditEvent.objects.filter(object_type="caseload_bulk").count() == 1


def test_another_schemes_episode_is_refused_and_nothing_changes(
    world: SmallWorld, start: Start, other_scheme_episode: Referral
) -> None:
    mine = start("Ames")
    client = client_for(world.users[Role.SCHEME_MANAGER])
    chosen = ids(mine, other_scheme_episode)
    for url in (REASSIGN, REMIND, CLOSE):
        review = client.post(url, {"episodes": chosen})
        assert review.status_code == 400
        page = review.content.decode()
        assert "1 of the people chosen is not in your caseload" in page
        # Whose it is, is not said.
        assert other_scheme_episode.person.full_name == "Ada Lovelace"
        assert "Ada Lovelace" not in page
    confirm = client.post(
        REASSIGN,
        {"episodes": chosen, "to": world.extra["colleague"].pk, "note": "x", "confirm": "1"},
    )
    assert confirm.status_code == 400
    assert Referral.objects.get(pk=mine.pk).link_worker == world.users[Role.LINK_WORKER]
    # And the service itself refuses, whatever the page does.
    with pytest.raises(DomainError, match="not in your caseload"):
        caseload_reassign(
            actor=world.users[Role.SCHEME_MANAGER],
            episode_ids=[mine.pk, other_scheme_episode.pk],
            to=world.extra["colleague"],
            note="x",
        )


def test_a_link_worker_cannot_act_on_a_colleagues_people(world: SmallWorld, start: Start) -> None:
    ames = start("Ames")  # the link worker's
    colleague = client_for(world.extra["colleague"])
    review = colleague.post(REASSIGN, {"episodes": ids(ames)})
    assert review.status_code == 400
    assert "not in your caseload" in review.content.decode()


def test_bad_choices_are_named(world: SmallWorld, start: Start) -> None:
    ames = start("Ames")
    client = client_for(world.users[Role.SCHEME_MANAGER])
    nothing = client.post(REASSIGN, {})
    assert nothing.status_code == 400
    assert "Tick at least one person in the list first." in nothing.content.decode()
    garbled = client.post(REASSIGN, {"episodes": ["not-an-id"]})
    assert garbled.status_code == 400
    assert "one of the rows sent is not one of its rows" in garbled.content.decode()
    no_note = client.post(
        REASSIGN,
        {"episodes": ids(ames), "to": world.extra["colleague"].pk, "note": "", "confirm": "1"},
    )
    assert no_note.status_code == 400
    assert "Write a handover note for the new link worker." in no_note.content.decode()
    same = client.post(
        REASSIGN,
        {
            "episodes": ids(ames),
            "to": world.users[Role.LINK_WORKER].pk,
            "note": "x",
            "confirm": "1",
        },
    )
    assert same.status_code == 400
    assert "already supports Ada Ames" in same.content.decode()
    outsider = client.post(
        REASSIGN,
        {
            "episodes": ids(ames),
            "to": world.extra["scot_link_worker"].pk,
            "note": "x",
            "confirm": "1",
        },
    )
    assert outsider.status_code == 400
    assert "Choose a link worker of the same scheme." in outsider.content.decode()


def baseline_due(world: SmallWorld, referral: Referral) -> None:
    """Nothing recorded yet: the baseline questionnaire is due from the first session."""
    session(world, referral, days_ago=10)


def test_questionnaire_reminder_goes_to_those_with_one_due_and_is_recorded(
    world: SmallWorld, start: Start
) -> None:
    due, done = start("Ames"), start("Baker")
    for referral in (due, done):
        baseline_due(world, referral)
    administration_record(
        referral=done,
        actor=world.users[Role.LINK_WORKER],
        questionnaire=Questionnaire(
            instrument_id="ons4",
            timepoint="baseline",
            administered_on=today(),
            mode="with_link_worker",
        ),
        responses={"life_satisfaction": 7, "worthwhile": 8, "happiness": 5, "anxiety": 3},
    )
    person = due.person
    person.email, person.preferred_contact = "ames@example.org", "email"
    person.save(update_fields=["email", "preferred_contact"])
    client = client_for(world.users[Role.LINK_WORKER])
    review = client.post(REMIND, {"episodes": ids(due, done)})
    assert review.status_code == 200
    # The review says, person by person, what is due: who will be sent a reminder.
    page = review.content.decode()
    assert ">Questionnaire due</th>" in page
    cells = re.findall(r'data-testid="questionnaire-due">(.*?)</td>', page)
    assert len(cells) == 2  # Ames, then Baker (by name)
    assert cells[0].startswith("Yes: ")
    assert "(baseline), due " in cells[0]
    assert cells[1] == "No: nothing due, not sent"
    response = client.post(
        REMIND, {"episodes": ids(due, done), "confirm": "1", KEY: "remind-key-1"}, follow=True
    )
    page = response.content.decode()
    assert "Questionnaire reminder sent to 1 person. Nothing was due for 1 person." in page
    message = Message.objects.get()
    assert (message.person_id, message.purpose, message.channel) == (
        due.person_id,
        "questionnaire_link",
        "email",
    )
    assert (
        "ONS4" in str(message.personalisation["questionnaires"])
        or message.personalisation["questionnaires"]
    )
    assert AuditEvent.objects.filter(
        object_type="caseload_bulk", detail__bulk="questionnaire_reminder"
    ).exists()


def test_nothing_due_sends_nothing_and_says_so(world: SmallWorld, start: Start) -> None:
    ames = start("Ames", days_ago=1)
    client = client_for(world.users[Role.LINK_WORKER])
    response = client.post(REMIND, {"episodes": ids(ames), "confirm": "1"})
    assert response.status_code == 400
    assert "None of the people chosen has a questionnaire due" in response.content.decode()
    assert not Message.objects.exists()


def test_a_replayed_handover_of_ones_own_people_says_it_was_saved(
    world: SmallWorld, start: Start
) -> None:
    """Once handed over, the people are no longer the link worker's: the replay is still told
    it was saved, not that they are outside the caseload."""
    ames = start("Ames")
    client = client_for(world.users[Role.LINK_WORKER])
    form = {
        "episodes": ids(ames),
        "to": world.extra["colleague"].pk,
        "note": "Handover",
        "confirm": "1",
        "back": "sort=waiting",
        KEY: "reassign-own-replay-1",
    }
    assert client.post(REASSIGN, form).status_code == 302
    again = client.post(REASSIGN, form)
    assert again.status_code == 302
    assert again["Location"] == "/caseload/?sort=waiting"
    page = client.get(again["Location"]).content.decode()
    assert "already sent and saved" in page
    assert "not in your caseload" not in page
    assert AuditEvent.objects.filter(object_type="caseload_bulk").count() == 1


@pytest.fixture
def missed_three(world: SmallWorld, start: Start) -> Callable[[str], Referral]:
    def make(name: str) -> Referral:
        referral = start(name, days_ago=40)
        for days in (30, 20, 10):
            session(world, referral, days_ago=days, attended=False)
        return referral

    return make


def test_close_as_did_not_engage_after_review_only_for_those_meeting_the_rule(
    world: SmallWorld, start: Start, missed_three: Callable[[str], Referral]
) -> None:
    cole = missed_three("Cole")
    ames = start("Ames")
    session(world, ames, days_ago=5, attended=False)
    client = client_for(world.users[Role.LINK_WORKER])
    review = client.post(CLOSE, {"episodes": ids(ames, cole)}).content.decode()
    assert "Missed 1 in a row: North PCN link workers closes as did not engage after 3." in review
    # Only those meeting the rule go forward from the review.
    assert "Close 1 as did not engage" in review
    assert f'name="episodes" value="{cole.pk}"' in review
    assert f'name="episodes" value="{ames.pk}"' not in review
    # Not reviewed: refused, with why.
    unreviewed = client.post(CLOSE, {"episodes": ids(cole), "confirm": "1"})
    assert unreviewed.status_code == 400
    assert "Tick to confirm you have reviewed each person." in unreviewed.content.decode()
    # One of them does not meet the rule: nothing is closed.
    mixed = client.post(CLOSE, {"episodes": ids(ames, cole), "confirm": "1", "reviewed": "on"})
    assert mixed.status_code == 400
    assert "Ada Ames has missed 1 contact in a row" in mixed.content.decode()
    assert Referral.objects.get(pk=cole.pk).status == Status.WAITING.value
    done = client.post(
        CLOSE, {"episodes": ids(cole), "confirm": "1", "reviewed": "on", KEY: "close-key-1"}
    )
    assert done.status_code == 302
    closed = Referral.objects.get(pk=cole.pk)
    assert closed.status == Status.DID_NOT_ENGAGE.value
    change = closed.events.filter(kind="status").latest("at")
    assert change.data["to"] == "did_not_engage"
    assert change.data["note"].startswith("Closed from the caseload after review")
    assert AuditEvent.objects.filter(detail__bulk="close_did_not_engage").count() == 1
    # Sent again without its key: the episode is closed now, so it is refused.
    again = client.post(CLOSE, {"episodes": ids(cole), "confirm": "1", "reviewed": "on"})
    assert again.status_code == 400
    assert AuditEvent.objects.filter(detail__bulk="close_did_not_engage").count() == 1


def test_a_link_worker_hands_over_their_own_people(world: SmallWorld, start: Start) -> None:
    ames = start("Ames")
    colleague = world.extra["colleague"]
    client = client_for(world.users[Role.LINK_WORKER])
    review = client.post(REASSIGN, {"episodes": ids(ames)}).content.decode()
    assert f'value="{colleague.pk}"' in review
    done = client.post(
        REASSIGN,
        {"episodes": ids(ames), "to": colleague.pk, "note": "Leaving", "confirm": "1"},
    )
    assert done.status_code == 302
    assert Referral.objects.get(pk=ames.pk).link_worker == colleague
    # Now the colleague's: no longer in the first link worker's caseload.
    assert "Ada Ames" not in client.get("/caseload/").content.decode()
    assert "Ada Ames" in client_for(colleague).get("/caseload/").content.decode()


def test_a_replayed_close_or_reminder_says_it_was_saved(
    world: SmallWorld, start: Start, missed_three: Callable[[str], Referral]
) -> None:
    cole = missed_three("Cole")
    ames = start("Ames")
    baseline_due(world, ames)
    person = ames.person
    person.email, person.preferred_contact = "ames@example.org", "email"
    person.save(update_fields=["email", "preferred_contact"])
    client = client_for(world.users[Role.LINK_WORKER])
    for url, form in (
        (CLOSE, {"episodes": ids(cole), "confirm": "1", "reviewed": "on", KEY: "close-replay"}),
        (REMIND, {"episodes": ids(ames), "confirm": "1", KEY: "remind-replay"}),
    ):
        assert client.post(url, form).status_code == 302
        again = client.post(url, form, follow=True)
        assert again.status_code == 200, url
        assert "already sent and saved" in again.content.decode(), url
    assert Referral.objects.get(pk=cole.pk).status == Status.DID_NOT_ENGAGE.value
    assert Message.objects.filter(person=ames.person).count() == 1
    assert AuditEvent.objects.filter(object_type="caseload_bulk").count() == 2
