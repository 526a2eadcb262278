"""The diary's pages: booking from the episode, the week, moving, cancelling, recording how
it went; and nobody outside the episode's scheme sees an appointment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment
from linkwork.diary.selectors import monday_of
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import Referral
from linkwork.episodes.services.lifecycle import referral_close
from linkwork.organisations.models import SchemePolicy
from linkwork.testing.world import SmallWorld

from .conftest import at, session_today, tomorrow

pytestmark = pytest.mark.django_db

Book = Callable[..., Appointment]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def booking(day: object, time: str = "10:00", **extra: str) -> dict[str, str]:
    worker = User.objects.get(username="linkworker")
    return {
        "link_worker": str(worker.pk),
        "starts_on": str(day),
        "starts_at": time,
        "length_minutes": "45",
        "mode": "face_to_face",
        "where": "The library",
        "with_whom": "",
        **extra,
    }


def test_the_episode_page_offers_booking_and_lists_appointments(
    world: SmallWorld, referral: Referral, book: Book
) -> None:
    client = client_for(world.users[Role.LINK_WORKER])
    episode = reverse("episodes:referral_detail", args=[referral.pk])
    page = client.get(episode).content.decode()
    assert 'data-testid="no-appointments"' in page
    assert reverse("diary:appointment_new", args=[referral.pk]) in page
    book(where="Café on the corner")
    page = client.get(episode).content.decode()
    assert 'data-testid="appointments"' in page
    assert "Café on the corner" in page


def test_booking_from_the_page(world: SmallWorld, referral: Referral) -> None:
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_new", args=[referral.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, booking(tomorrow()), follow=True)
    assert response.redirect_chain[-1][0].endswith("#appointments")
    assert "Appointment booked for " in response.content.decode()
    appointment = Appointment.objects.get()
    assert timezone.localtime(appointment.starts_at).hour == 10


def test_booking_in_the_past_or_over_another_says_so(
    world: SmallWorld, referral: Referral, book: Book
) -> None:
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_new", args=[referral.pk])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(url, booking(yesterday))
    assert response.status_code == 400
    assert "The appointment cannot be in the past: choose today or later." in (
        response.content.decode()
    )
    book()
    response = client.post(url, booking(tomorrow(), "10:15"))
    assert response.status_code == 400
    assert "You already have an appointment from 10:00 to 10:45" in response.content.decode()
    response = client.post(url, booking(tomorrow(), "25:00"))
    assert "“Time” must be a time. Use the 24-hour clock, for example 14:30." in (
        response.content.decode()
    )
    assert Appointment.objects.count() == 1


def test_no_home_visit_is_offered_where_the_scheme_makes_none(
    world: SmallWorld, referral: Referral
) -> None:
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_new", args=[referral.pk])
    SchemePolicy.objects.filter(scheme=world.scheme).update(home_visits=True)
    assert 'value="home_visit"' in client.get(url).content.decode()
    SchemePolicy.objects.filter(scheme=world.scheme).update(home_visits=False)
    assert 'value="home_visit"' not in client.get(url).content.decode()


def test_my_diary_shows_the_week_and_today(world: SmallWorld, book: Book) -> None:
    book(starts_at=at(tomorrow(), 9, 30))
    client = client_for(world.users[Role.LINK_WORKER])
    week = monday_of(tomorrow()).isoformat()
    page = client.get(reverse("diary:my_diary"), {"week": week}).content.decode()
    assert "Ada Lovelace" in page
    assert "09:30\u201310:15" in page
    this_week = client.get(reverse("diary:my_diary")).content.decode()
    assert "Today, " in this_week
    assert "My diary" in this_week
    # A week that is not a date is this week, not an error.
    assert client.get(reverse("diary:my_diary"), {"week": "soon"}).status_code == 200
    # A colleague's diary does not show someone else's appointments.
    other = client_for(world.extra["colleague"])
    assert (
        "Ada Lovelace" not in other.get(reverse("diary:my_diary"), {"week": week}).content.decode()
    )


def test_move_and_cancel_with_reasons(world: SmallWorld, book: Book) -> None:
    appointment = book()
    client = client_for(world.users[Role.LINK_WORKER])
    move = reverse("diary:appointment_move", args=[appointment.pk])
    assert client.get(move).status_code == 200
    response = client.post(move, {**booking(tomorrow(), "11:00"), "reason": ""})
    assert response.status_code == 400
    assert "Say why the appointment is moving" in response.content.decode()
    response = client.post(
        move, {**booking(tomorrow(), "11:00"), "reason": "Clinic room", "back": "diary"}
    )
    assert response.status_code == 302
    assert "/diary/?week=" in response["Location"]
    appointment.refresh_from_db()
    assert (timezone.localtime(appointment.starts_at).hour, appointment.rescheduled) == (11, 1)
    cancel = reverse("diary:appointment_cancel", args=[appointment.pk])
    history = client.get(cancel).content.decode()
    assert "Moved" in history
    assert ": Clinic room" in history
    assert client.post(cancel, {"reason": ""}).status_code == 400
    assert client.post(cancel, {"reason": "Found a job"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_attended_page_is_the_session_form_filled_in(
    world: SmallWorld, referral: Referral, book: Book, move_clock: Callable[..., None]
) -> None:
    appointment = book(mode="telephone")
    move_clock(at(tomorrow(), 10, 50))
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_attended", args=[appointment.pk])
    page = client.get(url).content.decode()
    assert 'value="telephone" selected' in page
    assert 'value="45"' in page
    response = client.post(
        url,
        {
            "occurred_on": str(tomorrow()),
            "mode": "telephone",
            "duration_minutes": "40",
            "location": "",
            "notes": "Talked about the walking group",
        },
    )
    assert response.status_code == 302
    encounter = referral.encounters.get()
    assert (encounter.duration_minutes, encounter.attended) == (40, True)


def test_the_cap_message_shows_on_the_attended_page(
    world: SmallWorld, referral: Referral, book: Book, move_clock: Callable[..., None]
) -> None:
    SchemePolicy.objects.filter(scheme=world.scheme).update(session_cap=1)
    session_today(world, referral)
    appointment = book()
    move_clock(at(tomorrow(), 11))
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_attended", args=[appointment.pk])
    response = client.post(
        url,
        {"occurred_on": str(tomorrow()), "mode": "face_to_face", "duration_minutes": "45"},
    )
    assert response.status_code == 400
    assert "would pass the scheme&#x27;s cap of 1 sessions" in response.content.decode()


def test_did_not_attend_from_the_diary(
    world: SmallWorld, book: Book, move_clock: Callable[..., None]
) -> None:
    appointment = book()
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_did_not_attend", args=[appointment.pk])
    response = client.post(url, {"back": "diary"}, follow=True)
    assert "has not started yet" in response.content.decode()
    move_clock(at(tomorrow(), 11))
    response = client.post(url, {"back": "diary"}, follow=True)
    assert "Recorded: Ada Lovelace did not attend." in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == "did_not_attend"
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("who", ["scot_link_worker", "gp", "vcse"])
def test_nobody_outside_the_scheme_sees_an_appointment(
    world: SmallWorld, referral: Referral, book: Book, who: str
) -> None:
    users = {"gp": world.users[Role.REFERRER_GP], "vcse": world.users[Role.VCSE_WORKER]}
    client = client_for(users.get(who) or world.extra[who])
    appointment = book()
    for name in ("appointment_move", "appointment_cancel", "appointment_attended"):
        assert client.get(reverse(f"diary:{name}", args=[appointment.pk])).status_code == 404
    dna = reverse("diary:appointment_did_not_attend", args=[appointment.pk])
    assert client.post(dna).status_code == 404
    new = reverse("diary:appointment_new", args=[referral.pk])
    assert client.post(new, booking(tomorrow(), "12:00")).status_code in {403, 404}
    assert Appointment.objects.count() == 1


def test_an_appointment_of_a_closed_episode_can_only_be_cancelled(
    world: SmallWorld, referral: Referral, book: Book, move_clock: Callable[..., None]
) -> None:
    # Closing cancels the appointments still to come: one already started stays booked.
    book()
    move_clock(at(tomorrow(), 10, 10))
    referral_close(referral=referral, actor=world.users[Role.LINK_WORKER], to=Status.WITHDRAWN)
    client = client_for(world.users[Role.LINK_WORKER])
    week = monday_of(tomorrow()).isoformat()
    page = client.get(reverse("diary:my_diary"), {"week": week}).content.decode()
    assert 'data-testid="episode-closed"' in page
    assert ">Move<" not in page


def test_did_not_attend_with_htmx_answers_with_the_row(
    world: SmallWorld, book: Book, move_clock: Callable[..., None]
) -> None:
    appointment = book()
    move_clock(at(tomorrow(), 11))
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_did_not_attend", args=[appointment.pk])
    response = client.post(url, {"back": "diary"}, headers={"HX-Request": "true"})
    row = response.content.decode()
    assert response.status_code == 200
    assert row.lstrip().startswith("<tr")
    assert "Ada Lovelace" in row
    assert "Did not attend</strong>" in row
    again = client.post(url, {"back": "diary"}, headers={"HX-Request": "true"})
    assert again.status_code == 400
    assert (
        "This appointment is already recorded as did not attend: there is nothing to record."
        in again.content.decode()
    )


def test_a_booking_sent_twice_is_booked_once(world: SmallWorld, referral: Referral) -> None:
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_new", args=[referral.pk])
    form = {**booking(tomorrow()), "submission_key": "9b3f2c1e-4d5a-4e6f-8a7b-0c1d2e3f4a5b"}
    assert client.post(url, form).status_code == 302
    again = client.post(url, form, follow=True)
    assert "This form was already sent and saved" in again.content.decode()
    assert Appointment.objects.count() == 1


def test_a_manager_books_into_a_link_workers_diary(world: SmallWorld, referral: Referral) -> None:
    client = client_for(world.users[Role.SCHEME_MANAGER])
    url = reverse("diary:appointment_new", args=[referral.pk])
    page = client.get(url).content.decode()
    worker = world.users[Role.LINK_WORKER]
    assert f'<option value="{worker.pk}" selected>' in page
    colleague = world.extra["colleague"]
    response = client.post(url, booking(tomorrow(), link_worker=str(colleague.pk)))
    assert response.status_code == 302
    assert Appointment.objects.get().link_worker == colleague
    response = client.post(
        url, booking(tomorrow(), link_worker=str(world.users[Role.REFERRER_GP].pk))
    )
    assert response.status_code == 400
    assert "Choose one of the scheme&#x27;s link workers for “Link worker”." in (
        response.content.decode()
    )
