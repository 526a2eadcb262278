"""Equalities monitoring on the record and its forms: optional answers, with "prefers not
to say" kept apart from "not asked"."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.episodes.tests.test_referral_intake import api_client, post
from linkwork.episodes.tests.test_referral_views import self_referral_post
from linkwork.people.data_rights import person_correct
from linkwork.people.equalities import QUESTION_BY_FIELD, QUESTIONS
from linkwork.people.forms import PersonForm
from linkwork.people.models import Person
from linkwork.people.services import PersonDetails, person_create
from linkwork.testing.world import SmallWorld, referral_api_body

DETAILS = PersonDetails(given_name="Ada", family_name="Lovelace", date_of_birth=date(1980, 1, 1))


def test_every_answer_has_a_band_and_not_asked_is_missing() -> None:
    for question in QUESTIONS:
        codes = {code for code, _ in question.choices}
        assert {"not_stated", "not_asked"} <= codes, question.field
        assert question.band("not_asked") is None
        assert question.band("not_stated") == "not_stated"
        for code in codes - {"not_asked"}:
            assert question.band(code) in question.band_labels, (question.field, code)
    religion = QUESTION_BY_FIELD["religion"]
    # Small faith groups are published together; the largest groups keep their own band.
    assert {religion.band(c) for c in ("buddhist", "hindu", "jewish", "sikh", "other")} == {
        "another"
    }
    assert religion.band("muslim") == "muslim"
    orientation = QUESTION_BY_FIELD["sexual_orientation"]
    assert orientation.band("bisexual") == orientation.band("gay_lesbian") == "lgb_plus"


@pytest.mark.django_db
def test_answers_are_kept_and_unasked_is_the_default(world: SmallWorld) -> None:
    plain = person_create(scheme=world.scheme, details=DETAILS, actor=None)
    assert {q.field: getattr(plain, q.field) for q in QUESTIONS} == dict.fromkeys(
        (q.field for q in QUESTIONS), "not_asked"
    )
    answered = person_create(
        scheme=world.scheme,
        details=dataclasses.replace(
            DETAILS, given_name="Bo", disability="yes_a_little", religion="not_stated"
        ),
        actor=None,
    )
    answered.refresh_from_db()
    assert (answered.disability, answered.religion) == ("yes_a_little", "not_stated")


@pytest.mark.django_db
def test_an_unknown_answer_is_refused_naming_the_question(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        person_create(
            scheme=world.scheme,
            details=dataclasses.replace(DETAILS, armed_forces="navy", carer="sometimes"),
            actor=None,
        )
    errors = caught.value.field_errors
    assert "armed forces community" in errors["armed_forces"][0]
    assert "unpaid carer" in errors["carer"][0]
    assert not Person.objects.exists()


def test_staff_form_offers_not_asked_and_prefers_not_to_say() -> None:
    form = PersonForm()
    for question in QUESTIONS:
        choices = dict(form.fields[question.field].choices)  # type: ignore[attr-defined]
        assert choices["not_asked"] == "Not asked"
        assert choices["not_stated"] == "Prefers not to say"
        assert form.fields[question.field].initial == "not_asked"
        assert not form.fields[question.field].required


def test_public_form_asks_the_person_without_staff_answers() -> None:
    form = PersonForm(public=True)
    for question in QUESTIONS:
        field = form.fields[question.field]
        codes = [code for code, _ in field.choices]  # type: ignore[attr-defined]
        assert "not_asked" not in codes
        assert field.choices[0] == ("not_stated", "Prefer not to say")  # type: ignore[attr-defined]
        assert field.label == question.public_label


@pytest.mark.django_db
def test_self_referral_records_the_answers(world: SmallWorld) -> None:
    page = Client().get(reverse("episodes:self_referral", args=[world.scheme.slug]))
    assert "Equalities monitoring (optional)" in page.content.decode()
    response = Client().post(
        reverse("episodes:self_referral", args=[world.scheme.slug]),
        self_referral_post(
            world,
            **{"person-disability": "no", "person-carer": "yes", "person-religion": "not_stated"},
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.disability, person.carer, person.religion) == ("no", "yes", "not_stated")
    # A question the form did not send was not asked.
    assert person.sexual_orientation == "not_asked"


@pytest.mark.django_db
def test_self_referral_refuses_a_made_up_answer_with_a_message(world: SmallWorld) -> None:
    response = Client().post(
        reverse("episodes:self_referral", args=[world.scheme.slug]),
        self_referral_post(world, **{"person-religion": "pastafarian"}),
    )
    assert response.status_code == 400
    assert 'href="#id_person-religion"' in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_correction_changes_an_answer_and_keeps_the_old_one(world: SmallWorld) -> None:
    person = person_create(scheme=world.scheme, details=DETAILS, actor=None)
    correction = person_correct(
        person=person,
        actor=world.users[Role.LINK_WORKER],
        field_name="disability",
        new_value="not_stated",
        reason="Asked at the first session",
    )
    person.refresh_from_db()
    assert person.disability == "not_stated"
    assert (correction.old_value, correction.new_value) == ("not_asked", "not_stated")
    with pytest.raises(DomainError):
        person_correct(
            person=person,
            actor=world.users[Role.LINK_WORKER],
            field_name="disability",
            new_value="perhaps",
            reason="Typo",
        )


@pytest.mark.django_db
def test_the_api_takes_the_answers_and_refuses_an_unknown_one(world: SmallWorld) -> None:
    client = api_client(world, Role.REFERRER_GP)
    person = {**referral_api_body(world)["person"], "carer": "yes"}  # type: ignore[dict-item]
    assert post(client, referral_api_body(world, person=person)).status_code == 201
    stored = Person.objects.get()
    assert (stored.carer, stored.disability) == ("yes", "not_asked")
    other = {**person, "nhs_number": "", "given_name": "Kit", "armed_forces": "navy"}
    refused = post(client, referral_api_body(world, person=other))
    assert refused.status_code in (400, 422)
    assert "armed forces community" in refused.content.decode()
    assert Person.objects.count() == 1
