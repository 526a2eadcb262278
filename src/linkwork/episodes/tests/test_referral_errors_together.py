"""A referral with mistakes in both halves of the form names every mistake in one go."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.episodes.tests.test_referral_views import referral_post, self_referral_post
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def _errors(html: str) -> str:
    return html.split('class="nhsuk-error-summary"', 1)[1].split("</div>", 1)[0]


def test_the_record_rules_show_beside_the_form_errors(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.REFERRER_GP])
    response = client.post(
        reverse("episodes:referral_new"),
        referral_post(
            scheme=str(world.scheme.pk),
            practice=str(world.practice.pk),
            reasons=[],  # a form error
            **{
                "person-date_of_birth": "2090-01-01",  # the record's rules from here on
                "person-nhs_number": "943 476 5918",
                "person-postcode": "ZZ9 9ZZ",
                "person-phone": "12345",
            },
        ),
    )
    assert response.status_code == 400
    summary = _errors(response.content.decode())
    assert "Reasons for referral" in summary or "reasons" in summary.lower()
    assert "Date of birth must be in the past" in summary
    assert "NHS number" in summary
    assert "postcode" in summary.lower()
    assert "A UK telephone number starts with 0" in summary
    assert not Person.objects.exists()
    assert not Referral.objects.exists()


def test_a_dialable_number_is_tidied_and_kept(world: SmallWorld) -> None:
    client = Client()
    response = client.post(
        reverse("episodes:self_referral", args=[world.scheme.slug]),
        self_referral_post(world, **{"person-phone": " 07700-900123 "}),
    )
    assert response.status_code == 302
    assert Person.objects.get().phone == "07700 900123"


@pytest.mark.parametrize("typed", ["12345", "call me", "+44 77009", "0770090012345678"])
def test_a_number_nobody_could_dial_is_refused(world: SmallWorld, typed: str) -> None:
    response = Client().post(
        reverse("episodes:self_referral", args=[world.scheme.slug]),
        self_referral_post(world, **{"person-phone": typed}),
    )
    assert response.status_code == 400
    assert "telephone number" in _errors(response.content.decode()).lower()
    assert not Person.objects.exists()


def test_blank_names_still_show_every_other_problem(world: SmallWorld) -> None:
    response = Client().post(
        reverse("episodes:self_referral", args=[world.scheme.slug]),
        self_referral_post(
            world,
            **{
                "person-given_name": "",
                "person-family_name": "",
                "person-date_of_birth": "2090-01-01",
                "person-nhs_number": "943 476 5918",
                "person-postcode": "ZZ9 9ZZ",
                "person-phone": "12345",
            },
        ),
    )
    assert response.status_code == 400
    summary = _errors(response.content.decode())
    assert "First name" in summary
    assert "Last name" in summary
    assert "Date of birth must be in the past" in summary
    assert "This NHS number is not valid" in summary
    assert "postcode" in summary.lower()
    assert "A UK telephone number starts with 0" in summary
    assert not Person.objects.exists()
