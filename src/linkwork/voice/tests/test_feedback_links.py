"""The feedback link's life: sent at discharge by the person's preference, answered once,
refused (one way for all) when used, expired, unknown or another's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError, NotFoundError
from linkwork.core.one_use_tokens import token_hash
from linkwork.episodes.models import ReferralEvent
from linkwork.messaging.channels import SPENT
from linkwork.testing.world import SmallWorld
from linkwork.voice.feedback_services import (
    FEEDBACK_LINK_DAYS,
    LINK_UNUSABLE,
    feedback_submit,
)
from linkwork.voice.models import FeedbackRequest, FeedbackResponse
from linkwork.voice.tests.helpers import (
    EVERY_ANSWER_AGREE,
    discharged,
    link_sent_to,
    message_of,
    token_of,
)

pytestmark = pytest.mark.django_db


def _post(client: Client, token: str, **extra: str) -> object:
    return client.post(
        reverse("voice:feedback_answer", args=[token]), {**EVERY_ANSWER_AGREE, **extra}
    )


def test_discharge_sends_the_link_by_email_and_keeps_only_its_hash(world: SmallWorld) -> None:
    referral = discharged(world)
    link = link_sent_to(referral)
    token = token_of(link)
    assert link == f"https://linkwork.example/feedback/{token}/"
    request = FeedbackRequest.objects.get(referral=referral)
    assert request.token_hash == token_hash(token)
    assert request.expires_on == timezone.localdate() + timedelta(days=FEEDBACK_LINK_DAYS)
    # The message was sent and no longer holds the working link.
    message = message_of(referral)
    assert (message.status, message.channel, message.purpose) == ("sent", "email", "feedback_link")
    assert message.personalisation["link"] == SPENT
    assert token not in str(message.personalisation)
    titles = [e.data.get("title") for e in referral.events.filter(kind=ReferralEvent.Kind.NOTE)]
    assert "Feedback link sent" in titles


def test_a_person_who_prefers_telephone_gets_no_link_and_the_episode_says_why(
    world: SmallWorld,
) -> None:
    referral = discharged(world, preferred_contact="phone", phone="0161 496 0000")
    message = message_of(referral)
    assert message.status == "failed"
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    page = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    assert "Feedback link not sent" in page
    assert "telephone them rather than message" in page


def test_no_link_is_sent_when_the_person_has_died(world: SmallWorld) -> None:
    referral = discharged(world, reason="died")
    assert not FeedbackRequest.objects.filter(referral=referral).exists()


def test_the_link_works_without_signing_in_and_stores_the_answers_once(
    world: SmallWorld,
) -> None:
    referral = discharged(world)
    token = token_of(link_sent_to(referral))
    client = Client()
    page = client.get(reverse("voice:feedback_answer", args=[token]))
    assert page.status_code == 200
    assert "My link worker listened to me." in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    done = _post(client, token, comment="  Kind and patient.  ")
    assert done.status_code == 200  # type: ignore[attr-defined]
    assert "Thank you" in done.content.decode()  # type: ignore[attr-defined]
    response = FeedbackResponse.objects.get()
    assert response.answers == EVERY_ANSWER_AGREE
    assert response.comment == "Kind and patient."
    assert response.scheme_id == referral.scheme_id
    assert FeedbackRequest.objects.get().answered_on == timezone.localdate()
    # The timeline says feedback was given, never what it said.
    event = referral.events.filter(data__title="Feedback given through the link").get()
    assert "Kind" not in str(event.data)
    assert AuditEvent.objects.filter(object_type="feedback_response", person_id=referral.person_id)

    # The used link: opened again, or the same answers sent again, gets the refusal.
    again = client.get(reverse("voice:feedback_answer", args=[token]))
    assert again.status_code == 404
    assert LINK_UNUSABLE in again.content.decode()
    replay = _post(client, token, comment="Second go")
    assert replay.status_code == 404  # type: ignore[attr-defined]
    assert FeedbackResponse.objects.count() == 1
    assert FeedbackResponse.objects.get().comment == "Kind and patient."


def test_used_expired_and_unknown_links_get_the_same_refusal(world: SmallWorld, settings) -> None:
    used = discharged(world, family_name="Used")
    expired = discharged(world, family_name="Expired")
    used_token = token_of(link_sent_to(used))
    expired_token = token_of(link_sent_to(expired))
    feedback_submit(token=used_token, answers=EVERY_ANSWER_AGREE)
    client = Client()
    settings.LINKWORK_TODAY = timezone.localdate() + timedelta(days=FEEDBACK_LINK_DAYS + 1)
    pages = [
        client.get(reverse("voice:feedback_answer", args=[token]))
        for token in (used_token, expired_token, "not-a-real-token", "x" * 300)
    ]
    assert {page.status_code for page in pages} == {404}
    # One refusal for all, naming no scheme and no person: no hint which link exists.
    for page in pages:
        text = page.content.decode()
        assert LINK_UNUSABLE in text
        assert world.scheme.name not in text
        assert "Used" not in text
        assert "Expired" not in text
    # The last day the link works is still fine.
    settings.LINKWORK_TODAY = timezone.localdate() + timedelta(days=FEEDBACK_LINK_DAYS)
    assert client.get(reverse("voice:feedback_answer", args=[expired_token])).status_code == 200


def test_a_token_answers_only_its_own_episode(world: SmallWorld) -> None:
    ada = discharged(world, family_name="Lovelace")
    grace = discharged(world, family_name="Hopper")
    feedback_submit(token=token_of(link_sent_to(ada)), answers=EVERY_ANSWER_AGREE)
    assert FeedbackRequest.objects.get(referral=ada).answered_on is not None
    assert FeedbackRequest.objects.get(referral=grace).answered_on is None
    assert FeedbackResponse.objects.get().request.referral_id == ada.pk
    # Grace's link still works, once.
    feedback_submit(token=token_of(link_sent_to(grace)), answers=EVERY_ANSWER_AGREE)
    with pytest.raises(NotFoundError):
        feedback_submit(token=token_of(link_sent_to(grace)), answers=EVERY_ANSWER_AGREE)
    assert FeedbackResponse.objects.count() == 2


def test_missing_answers_are_named_and_nothing_is_stored(world: SmallWorld) -> None:
    referral = discharged(world)
    token = token_of(link_sent_to(referral))
    client = Client()
    answers = dict(EVERY_ANSWER_AGREE)
    del answers["recommend"]
    page = client.post(reverse("voice:feedback_answer", args=[token]), answers)
    assert page.status_code == 400
    assert "Choose how much you agree" in page.content.decode()
    with pytest.raises(DomainError) as refused:
        feedback_submit(token=token, answers={**EVERY_ANSWER_AGREE, "listened": "maybe"})
    assert "listened" in refused.value.field_errors
    assert not FeedbackResponse.objects.exists()
    assert FeedbackRequest.objects.get().answered_on is None  # the link still works


def test_the_episode_page_shows_sent_then_answered(world: SmallWorld) -> None:
    referral = discharged(world)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    url = reverse("episodes:referral_detail", args=[referral.pk])
    assert "Feedback link sent" in client.get(url).content.decode()
    feedback_submit(
        token=token_of(link_sent_to(referral)), answers=EVERY_ANSWER_AGREE, comment="Secret"
    )
    page = client.get(url).content.decode()
    assert "Feedback given" in page
    assert "Secret" not in page  # the link worker never sees what was said
