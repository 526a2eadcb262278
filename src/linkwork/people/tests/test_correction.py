"""Rectification: a corrected detail keeps what it said before, who changed it, when and why."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.people.data_rights import person_correct
from linkwork.people.models import Person, PersonCorrection
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def test_a_correction_keeps_the_old_value_and_is_audited(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    worker = world.users[Role.LINK_WORKER]
    person_correct(
        person=person,
        actor=worker,
        field_name="date_of_birth",
        new_value="1961-12-10",
        reason="Typed the wrong year",
    )
    person.refresh_from_db()
    assert str(person.date_of_birth) == "1961-12-10"
    correction = PersonCorrection.objects.get(person=person)
    assert (correction.field_name, correction.old_value, correction.new_value) == (
        "date_of_birth",
        "1960-12-10",
        "1961-12-10",
    )
    assert (correction.corrected_by, correction.reason) == (worker, "Typed the wrong year")
    assert correction.scheme_id == person.scheme_id
    event = AuditEvent.objects.get(action=AuditEvent.Action.CORRECTED)
    assert (event.person_id, event.actor, event.detail["field"]) == (
        person.pk,
        worker,
        "date_of_birth",
    )


def test_the_record_page_shows_what_it_said_before(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    response = client.post(
        reverse("people:correction_add", args=[person.pk]),
        {"field_name": "family_name", "new_family_name": "Byron", "reason": "Maiden name given"},
    )
    assert response.status_code == 302
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    table = page[page.index('data-testid="corrections"') :]
    for shown in ("Lovelace", "Byron", "Maiden name given"):
        assert shown in table
    assert "<h1>Ada Byron</h1>" in page


@pytest.mark.parametrize(
    ("field_name", "new_value", "reason", "key", "message"),
    [
        ("nhs_number", "943 476 5918", "Typo", "new_value", "not valid"),
        ("date_of_birth", "10/12/1960", "Typo", "new_value", "YYYY-MM-DD"),
        ("family_name", "Byron", "  ", "reason", "Enter the reason"),
        ("created_by", "x", "Typo", "field_name", "cannot be corrected"),
        ("family_name", "Lovelace", "Typo", "new_value", "already the value"),
        ("email", "not-an-email", "Typo", "new_value", "email address"),
    ],
)
def test_bad_corrections_name_the_field_and_change_nothing(
    world: SmallWorld, field_name, new_value, reason, key, message
) -> None:
    person = refer_and_start(world).person
    before = Person.objects.filter(pk=person.pk).values().get()
    with pytest.raises(DomainError) as caught:
        person_correct(
            person=person,
            actor=world.users[Role.LINK_WORKER],
            field_name=field_name,
            new_value=new_value,
            reason=reason,
        )
    assert message in " ".join(caught.value.field_errors[key])
    assert Person.objects.filter(pk=person.pk).values().get() == before
    assert not PersonCorrection.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CORRECTED).exists()


def test_a_number_already_on_another_record_is_refused(world: SmallWorld) -> None:
    refer_and_start(world, person={"nhs_number": "9434765919"})
    other = refer_and_start(world, person={"given_name": "Bea"}).person
    with pytest.raises(DomainError) as caught:
        person_correct(
            person=other,
            actor=world.users[Role.LINK_WORKER],
            field_name="nhs_number",
            new_value="9434765919",
            reason="Found on a letter",
        )
    assert caught.value.field_errors == {"new_value": ["Already recorded for another person."]}


def test_someone_outside_the_scheme_cannot_correct(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    client = Client()
    client.force_login(world.extra["scot_link_worker"])
    response = client.post(
        reverse("people:correction_add", args=[person.pk]),
        {"field_name": "family_name", "new_family_name": "Byron", "reason": "Because"},
    )
    assert response.status_code == 404
    assert not PersonCorrection.objects.exists()


def test_a_correction_names_the_detail_in_words() -> None:
    from linkwork.people.models import PersonCorrection

    assert PersonCorrection(field_name="date_of_birth").field_label == "Date of birth"
    assert PersonCorrection(field_name="given_name").field_label != "given_name"


def _manager_client(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    return client


def test_a_refused_correction_shows_the_form_again_with_what_was_typed(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    response = _manager_client(world).post(
        reverse("people:correction_add", args=[person.pk]),
        {"field_name": "nhs_number", "new_nhs_number": "943 476 5918", "reason": "Typo on letter"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    start = page.index('class="nhsuk-error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert 'href="#id_correction-new_nhs_number"' in summary
    assert "nhsuk-form-group--error" in page
    assert 'value="943 476 5918"' in page
    assert "Typo on letter</textarea>" in page
    assert '<details class="nhsuk-details" open>' in page
    assert not PersonCorrection.objects.exists()


def test_a_date_is_corrected_with_day_month_and_year_boxes(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    client = _manager_client(world)
    url = reverse("people:correction_add", args=[person.pk])
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert 'name="new_date_of_birth_day"' in page
    assert "YYYY-MM-DD" not in page
    bad = client.post(
        url,
        {
            "field_name": "date_of_birth",
            "new_date_of_birth_day": "31",
            "new_date_of_birth_month": "2",
            "new_date_of_birth_year": "1961",
            "reason": "Wrong year",
        },
    )
    assert bad.status_code == 400
    assert "February 1961 has days 1 to 28." in bad.content.decode()
    assert 'value="31"' in bad.content.decode()
    good = client.post(
        url,
        {
            "field_name": "date_of_birth",
            "new_date_of_birth_day": "10",
            "new_date_of_birth_month": "12",
            "new_date_of_birth_year": "1961",
            "reason": "Wrong year",
        },
    )
    assert good.status_code == 302
    person.refresh_from_db()
    assert str(person.date_of_birth) == "1961-12-10"


def test_a_choice_is_corrected_from_the_person_forms_labels(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    client = _manager_client(world)
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    sex_box = page[
        page.index('name="new_sex"') : page.index("</select>", page.index('name="new_sex"'))
    ]
    assert ">Prefers not to say</option>" in sex_box
    assert 'name="new_value"' not in page
    response = client.post(
        reverse("people:correction_add", args=[person.pk]),
        {"field_name": "sex", "new_sex": "male", "reason": "Recorded wrongly"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.sex == "male"


def test_a_correction_without_a_detail_or_reason_says_which(world: SmallWorld) -> None:
    person = refer_and_start(world).person
    response = _manager_client(world).post(
        reverse("people:correction_add", args=[person.pk]), {"new_given_name": "Ada"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose an answer for “Which detail is wrong?”." in page
    assert "Fill in “Why it is being corrected”." in page
