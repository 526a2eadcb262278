"""Messages to people: by the channel they prefer or not at all (with the reason), recorded
against them, written to the file outbox in the demo and tests, and handed to GOV.UK Notify
(its HTTP layer faked here) when an API key is configured."""

from __future__ import annotations

import json
import uuid
from datetime import date
from io import StringIO
from typing import Any

import pytest
import requests
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.messaging.channels import route_for
from linkwork.messaging.models import Message
from linkwork.messaging.services import message_send
from linkwork.people.data_rights import person_erase
from linkwork.people.models import Person
from linkwork.people.tests.rich_record import rich_record
from linkwork.people.tests.test_erasure_and_retention import after_retention
from linkwork.testing.world import SmallWorld, refer

NOTIFY_KEY = f"linkwork_test-{uuid.uuid4()}-{uuid.uuid4()}"
TEMPLATE = str(uuid.uuid4())


def person(world: SmallWorld, **details: object) -> Person:
    return refer(world, person=details).person


def reminder(world: SmallWorld, **details: object) -> Message:
    """An appointment reminder to a new person with these details, as it stands once sent."""
    message = message_send(
        person=person(world, **details),
        purpose="appointment_reminder",
        personalisation={},
        actor=None,
    )
    message.refresh_from_db()
    return message


@pytest.fixture
def outbox(settings, tmp_path):
    settings.LINKWORK_NOTIFY_API_KEY = ""
    settings.LINKWORK_OUTBOX_DIR = tmp_path / "outbox"
    return tmp_path / "outbox"


@pytest.mark.parametrize(
    ("preferred", "email", "phone", "channel", "reason"),
    [
        ("email", "ada@example.org", "", "email", ""),
        ("email", "", "07700 900123", "none", "no email address"),
        ("text", "", "07700 900123", "sms", ""),
        ("text", "", "0161 496 0000", "none", "no UK mobile number"),
        ("letter", "ada@example.org", "", "none", "no postal address"),
        ("phone", "ada@example.org", "07700 900123", "none", "telephone them"),
        ("in_person", "ada@example.org", "07700 900123", "none", "in person only"),
    ],
)
def test_a_message_goes_only_by_the_channel_the_person_chose(
    preferred: str, email: str, phone: str, channel: str, reason: str
) -> None:
    route = route_for(preferred=preferred, email=email, phone=phone, address=[])
    assert route.channel == channel
    assert reason in route.reason


@pytest.mark.django_db
def test_a_message_is_recorded_and_written_to_the_outbox(world: SmallWorld, outbox) -> None:
    ada = person(world, preferred_contact="email", email="ada@example.org")
    message = message_send(
        person=ada,
        purpose="appointment_reminder",
        personalisation={"date": "9 December 2026", "time": "10:30"},
        actor=world.users[Role.LINK_WORKER],
    )
    message.refresh_from_db()
    assert (message.status, message.channel, message.provider) == ("sent", "email", "outbox")
    assert message.scheme_id == ada.scheme_id
    assert message.sent_at is not None
    written = json.loads((outbox / f"{message.pk}.json").read_text())
    assert written["to"] == "ada@example.org"
    assert written["personalisation"] == {"date": "9 December 2026", "time": "10:30"}


@pytest.mark.django_db
def test_with_no_usable_channel_it_is_recorded_as_not_sent_and_shown(
    world: SmallWorld, outbox
) -> None:
    grace = person(world, family_name="Hopper", preferred_contact="phone", phone="07700900123")
    message = message_send(
        person=grace, purpose="questionnaire_link", personalisation={}, actor=None
    )
    assert message.status == "failed"
    assert "telephone them" in message.reason
    assert not outbox.exists() or not any(outbox.iterdir())

    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    page = client.get(reverse("people:person_detail", args=[grace.pk])).content.decode()
    assert 'data-testid="person-messages"' in page
    assert "Link to a questionnaire" in page
    assert "telephone them" in page


@pytest.mark.django_db
def test_an_unknown_purpose_is_refused_naming_the_field(world: SmallWorld, outbox) -> None:
    with pytest.raises(DomainError) as refused:
        message_send(person=person(world), purpose="marketing", personalisation={}, actor=None)
    assert "purpose" in (refused.value.field_errors or {})
    assert not Message.objects.exists()


class FakeNotify:
    """Stands in for the HTTP layer under the Notify client: records each request, answers
    with the status and body given."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status, self.body = status, body
        self.requests: list[tuple[str, str, dict[str, Any]]] = []

    def __call__(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.requests.append((method, url, json.loads(kwargs.get("data") or "{}")))
        response = requests.Response()
        response.status_code = self.status
        response._content = json.dumps(self.body).encode()
        response.url = url
        return response


@pytest.fixture
def notify(settings, monkeypatch):
    settings.LINKWORK_NOTIFY_API_KEY = NOTIFY_KEY
    settings.LINKWORK_NOTIFY_BASE_URL = "https://notify.invalid"
    settings.LINKWORK_NOTIFY_TEMPLATES = {"appointment_reminder": {"sms": TEMPLATE}}

    def answer(status: int, body: dict[str, Any]) -> FakeNotify:
        fake = FakeNotify(status, body)
        monkeypatch.setattr(
            requests.Session, "request", lambda _session, method, url, **kw: fake(method, url, **kw)
        )
        return fake

    return answer


@pytest.mark.django_db
def test_notify_is_sent_the_template_and_number_and_its_id_is_kept(
    world: SmallWorld, notify
) -> None:
    fake = notify(201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"})
    ada = person(world, preferred_contact="text", phone="07700 900123")
    message = message_send(
        person=ada,
        purpose="appointment_reminder",
        personalisation={"date": "9 December 2026"},
        actor=world.users[Role.LINK_WORKER],
    )
    message.refresh_from_db()
    assert (message.status, message.provider) == ("sent", "notify")
    assert message.provider_id == "740e5834-3a29-46b4-9a6f-16142fde533a"
    [(method, url, body)] = fake.requests
    assert (method, url) == ("POST", "https://notify.invalid/v2/notifications/sms")
    assert body["phone_number"] == "07700900123"
    assert body["template_id"] == TEMPLATE
    assert body["reference"] == str(message.pk)
    assert body["personalisation"] == {"date": "9 December 2026"}


@pytest.mark.django_db
def test_a_refusal_by_notify_fails_the_message_with_its_reason(world: SmallWorld, notify) -> None:
    notify(
        400, {"errors": [{"error": "BadRequestError", "message": "phone_number Not a UK mobile"}]}
    )
    message = reminder(world, preferred_contact="text", phone="07700 900123")
    assert message.status == "failed"
    assert "Not a UK mobile" in message.reason


@pytest.mark.django_db
def test_notify_unavailable_leaves_the_message_queued_for_another_try(
    world: SmallWorld, notify
) -> None:
    notify(500, {"errors": [{"error": "Exception", "message": "Internal server error"}]})
    message = reminder(world, preferred_contact="text", phone="07700 900123")
    assert (message.status, message.attempts) == ("queued", 1)
    assert "Internal server error" in message.reason


@pytest.mark.django_db
def test_without_a_notify_template_the_message_fails_saying_what_to_configure(
    world: SmallWorld, notify
) -> None:
    fake = notify(201, {"id": "x"})
    message = reminder(world, preferred_contact="email", email="ada@example.org")
    assert message.status == "failed"
    assert "LINKWORK_NOTIFY_TEMPLATES" in message.reason
    assert fake.requests == []


@pytest.mark.django_db
def test_erasing_the_person_empties_what_their_messages_said(
    world: SmallWorld, outbox, settings
) -> None:
    record = rich_record(world)
    message = message_send(
        person=record.person,
        purpose="letter",
        personalisation={"name": "Augusta Byron", "address": ["1 Secret Row", "Testtown"]},
        actor=None,
    )
    after_retention(settings, record)
    person_erase(person=record.person, actor=world.users[Role.SCHEME_MANAGER])
    message.refresh_from_db()
    assert message.personalisation == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("notify_says", "status", "reason"),
    [
        ("delivered", "delivered", ""),
        ("permanent-failure", "failed", "Check the person's contact details."),
        ("sending", "sent", ""),
    ],
)
def test_the_poll_records_where_notify_says_each_message_got_to(
    world: SmallWorld, notify, notify_says: str, status: str, reason: str
) -> None:
    notify(201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"})
    message = reminder(world, preferred_contact="text", phone="07700 900123")
    fake = notify(200, {"id": message.provider_id, "status": notify_says})
    out = StringIO()
    call_command("messages", "poll", stdout=out)
    message.refresh_from_db()
    assert (message.status, message.reason.endswith(reason)) == (status, True)
    [(method, url, _)] = fake.requests
    assert (method, url) == (
        "GET",
        f"https://notify.invalid/v2/notifications/{message.provider_id}",
    )


@pytest.mark.django_db
def test_a_date_not_written_in_words_is_refused_naming_it(world: SmallWorld, outbox) -> None:

    with pytest.raises(DomainError, match="'date' must be text or a number"):
        message_send(
            person=person(world, preferred_contact="email", email="ada@example.org"),
            purpose="appointment_reminder",
            personalisation={"date": date(2026, 12, 9)},
            actor=None,
        )
    assert not Message.objects.exists()
