"""A form sent twice (double click, resent page, retried request) saves once."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.tests.test_referral_views import (
    logged_in,
    referral_post,
    self_referral_post,
)
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def key_in(page: str) -> str:
    found = re.search(r'name="submission_key" value="([0-9a-f]{32})"', page)
    assert found, "the form carries no submission key"
    return found.group(1)


def session(**extra: str) -> dict[str, str]:
    return {
        "occurred_on": clock.today().isoformat(),
        "mode": "telephone",
        "duration_minutes": "30",
        "attended": "yes",
        **extra,
    }


def test_a_session_sent_twice_is_recorded_once(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = logged_in(world.users[Role.LINK_WORKER])
    page = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    key = key_in(page)
    url = reverse("episodes:encounter_add", args=[referral.pk])
    first = client.post(url, session(submission_key=key))
    again = client.post(url, session(submission_key=key), follow=True)
    assert first.status_code == 302
    assert Encounter.objects.filter(referral=referral).count() == 1
    assert "already sent and saved" in again.content.decode()
    client.post(url, session(submission_key=key_in(again.content.decode())))
    assert Encounter.objects.filter(referral=referral).count() == 2  # a new form is a new session


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_key(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = logged_in(world.users[Role.LINK_WORKER])
    url = reverse("episodes:encounter_add", args=[referral.pk])
    key = "a" * 32
    refused = client.post(url, session(submission_key=key, duration_minutes="-5"))
    assert refused.status_code == 400
    assert key_in(refused.content.decode()) == key  # shown again with the key it was sent with
    client.post(url, session(submission_key=key))
    assert Encounter.objects.filter(referral=referral).count() == 1


def test_keys_belong_to_their_sender(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    url = reverse("episodes:encounter_add", args=[referral.pk])
    for role in (Role.LINK_WORKER, Role.SCHEME_MANAGER):
        logged_in(world.users[role]).post(url, session(submission_key="b" * 32))
    assert Encounter.objects.filter(referral=referral).count() == 2


def test_a_referral_sent_twice_is_one_referral(world: SmallWorld) -> None:
    client = logged_in(world.users[Role.REFERRER_GP])
    page = client.get(reverse("episodes:referral_new")).content.decode()
    data = referral_post(
        scheme=str(world.scheme.pk), practice=str(world.practice.pk), submission_key=key_in(page)
    )
    first = client.post(reverse("episodes:referral_new"), data)
    again = client.post(reverse("episodes:referral_new"), data)
    assert Referral.objects.count() == 1
    assert again.status_code == 302
    assert again["Location"] == first["Location"]


def test_a_self_referral_sent_twice_is_one_referral(world: SmallWorld) -> None:
    url = reverse("episodes:self_referral", args=[world.scheme.slug])
    data = self_referral_post(world, submission_key=key_in(Client().get(url).content.decode()))
    answers = [Client().post(url, data) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Referral.objects.count() == 1


def test_an_api_retry_with_the_same_idempotency_key_gets_the_first_answer(
    world: SmallWorld,
) -> None:
    client = logged_in(world.users[Role.REFERRER_GP])
    body = {
        "scheme": str(world.scheme.pk),
        "practice": str(world.practice.pk),
        "person": {"given_name": "Grace", "family_name": "Hopper", "date_of_birth": "1956-12-09"},
        "reasons": ["loneliness_isolation"],
    }

    def send(key: str):
        return client.post(
            "/api/v1/referrals/",
            data=json.dumps(body),
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )

    first, again = send("retry-0001"), send("retry-0001")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Referral.objects.count() == 1
    body["person"] = {**body["person"], "given_name": "Alan"}  # type: ignore[dict-item]
    assert send("retry-0002").json()["id"] != first.json()["id"]
    assert Referral.objects.count() == 2


def test_a_consent_sent_twice_is_recorded_once(world: SmallWorld) -> None:
    from linkwork.people.models import Consent

    referral = refer_and_start(world)
    client = logged_in(world.users[Role.LINK_WORKER])
    url = reverse("people:consent_add", args=[referral.person_id])
    before = Consent.objects.filter(person=referral.person).count()
    data = {
        "kind": "service",
        "given": "yes",
        "recorded_on": clock.today().isoformat(),
        "submission_key": "f" * 32,
    }
    client.post(url, data)
    again = client.post(url, data, follow=True)
    assert "already sent and saved" in again.content.decode()
    assert Consent.objects.filter(person=referral.person).count() == before + 1


def test_a_referral_sent_again_from_a_fresh_form_is_still_one_referral(
    world: SmallWorld,
) -> None:
    """Back, then Send again: the page is a new form with a new key, but the same referral."""
    client = logged_in(world.users[Role.REFERRER_GP])
    data = referral_post(
        scheme=str(world.scheme.pk), practice=str(world.practice.pk), **{"person-nhs_number": ""}
    )
    first = client.post(reverse("episodes:referral_new"), {**data, "submission_key": "1" * 32})
    again = client.post(
        reverse("episodes:referral_new"), {**data, "submission_key": "2" * 32}, follow=True
    )
    assert Referral.objects.count() == 1
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "already sent and saved" in again.content.decode()
    url = reverse("episodes:self_referral", args=[world.scheme.slug])
    for key in ("3" * 32, "4" * 32):
        Client().post(url, self_referral_post(world, submission_key=key))
    assert Referral.objects.filter(source="self").count() == 1
