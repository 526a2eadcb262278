from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.services.encounters import encounter_record
from linkwork.lookups.services import lookup_load_samples
from linkwork.people.models import Consent, Person
from linkwork.people.selectors import person_find_duplicates, person_key
from linkwork.people.services import (
    consent_record,
    person_create,
    person_merge,
)
from linkwork.testing.world import SmallWorld, person_details, refer, refer_and_start

pytestmark = pytest.mark.django_db


def create(world: SmallWorld, scheme=None, **fields):
    return person_create(
        scheme=scheme or world.scheme,
        details=person_details(**fields),
        actor=world.users[Role.LINK_WORKER],
    )


def test_nhs_number_is_validated_and_normalised(world: SmallWorld) -> None:
    person = create(world, nhs_number="943 476 5919")
    assert person.nhs_number == "9434765919"
    with pytest.raises(DomainError) as caught:
        create(world, given_name="Bea", nhs_number="943 476 5918")
    assert "NHS number is not valid" in caught.value.field_errors["nhs_number"][0]


def test_a_missing_date_of_birth_is_refused_with_the_other_problems(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        create(world, date_of_birth=None, nhs_number="943 476 5918")
    assert caught.value.field_errors["date_of_birth"] == ["Enter the person's date of birth."]
    assert "nhs_number" in caught.value.field_errors
    assert not Person.objects.exists()


def test_identifiers_follow_the_country(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        create(world, chi_number="1012604327")
    assert caught.value.field_errors["chi_number"] == [
        "People in English schemes are identified by NHS number."
    ]
    with pytest.raises(DomainError) as caught:
        create(world, scheme=world.scot_scheme, nhs_number="9434765919")
    assert "CHI number" in caught.value.field_errors["nhs_number"][0]


def chi_for(born: date, serial: str = "432") -> str:
    """A CHI number for a date of birth with a modulus 11 check digit."""
    body = born.strftime("%d%m%y") + serial
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    assert check != 10
    return body + str(check)


def test_chi_number_must_match_the_date_of_birth(world: SmallWorld) -> None:
    born = date(1960, 12, 10)
    person = create(world, scheme=world.scot_scheme, chi_number=chi_for(born), date_of_birth=born)
    assert person.chi_number == chi_for(born)
    with pytest.raises(DomainError) as caught:
        create(
            world,
            scheme=world.scot_scheme,
            chi_number=chi_for(date(1961, 12, 10), "441"),
            date_of_birth=born,
            given_name="Other",
        )
    assert "chi_number" in caught.value.field_errors


def test_ethnicity_codes_follow_the_country(world: SmallWorld) -> None:
    assert create(world, ethnicity="H").ethnicity == "H"
    with pytest.raises(DomainError, match="Check the person's details"):
        create(world, ethnicity="S1A", given_name="Cara")


def test_postcode_gives_deprivation_and_unknown_postcodes_are_flagged(world: SmallWorld) -> None:
    lookup_load_samples()
    from linkwork.lookups.models import AreaDeprivation, PostcodeLookup

    known = PostcodeLookup.objects.filter(country="england").order_by("postcode").first()
    assert known is not None
    person = create(world, postcode=known.postcode.replace(" ", "").lower())
    area = AreaDeprivation.objects.get(area_code=known.small_area_code)
    assert (person.postcode, person.postcode_status) == (known.postcode, "matched")
    assert (person.small_area_code, person.deprivation_decile, person.deprivation_quintile) == (
        known.small_area_code,
        area.decile,
        area.quintile,
    )
    stranger = create(world, given_name="Dee", postcode="ze1 0aa")
    assert (stranger.postcode, stranger.postcode_status, stranger.deprivation_decile) == (
        "ZE1 0AA",
        "unknown",
        None,
    )
    with pytest.raises(DomainError) as caught:
        create(world, given_name="Eve", postcode="NOT A CODE")
    assert "postcode" in caught.value.field_errors


def test_same_number_in_a_scheme_is_refused_with_advice(world: SmallWorld) -> None:
    create(world, nhs_number="9434765919")
    with pytest.raises(DomainError, match="refer them again instead"):
        create(world, given_name="Someone", nhs_number="9434765919")
    assert create(world, scheme=world.scot_scheme).scheme == world.scot_scheme


def test_possible_duplicates_are_found(world: SmallWorld) -> None:
    lookup_load_samples()
    from linkwork.lookups.models import PostcodeLookup

    postcode = PostcodeLookup.objects.filter(country="england").first().postcode  # type: ignore[union-attr]
    original = create(world, postcode=postcode)
    candidate = person_details(given_name="Adah", family_name="Lovelace", postcode=postcode)
    matches = person_find_duplicates(scheme=world.scheme, key=person_key(candidate))
    assert matches == [(original, "same date of birth and postcode, similar name")]
    elsewhere = person_details(given_name="Adah", postcode="ZE1 0AA")
    assert person_find_duplicates(scheme=world.scheme, key=person_key(elsewhere)) == []
    different = person_details(given_name="Zachary", family_name="Quill", postcode=postcode)
    assert person_find_duplicates(scheme=world.scheme, key=person_key(different)) == []


def test_merge_keeps_both_histories(world: SmallWorld) -> None:
    first = refer_and_start(world)
    encounter_record(
        referral=first,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=timezone.localdate(),
        mode="telephone",
        duration_minutes=15,
    )
    second = refer(world, person={"given_name": "Adah"})
    keep, duplicate = first.person, second.person
    person_merge(keep=keep, duplicate=duplicate, actor=world.users[Role.LINK_WORKER])
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert set(Referral.objects.filter(person=keep)) == {first, second}
    assert Encounter.objects.filter(person=keep).count() == 1
    assert AuditEvent.objects.filter(action="merge", person_id=duplicate.pk).exists()
    with pytest.raises(DomainError, match="already been merged"):
        person_merge(keep=keep, duplicate=duplicate, actor=world.users[Role.LINK_WORKER])
    scot = create(world, scheme=world.scot_scheme)
    with pytest.raises(DomainError, match="same scheme"):
        person_merge(keep=keep, duplicate=scot, actor=world.users[Role.LINK_WORKER])


def test_consent_is_recorded_with_date_and_by_whom(world: SmallWorld) -> None:
    person = create(world)
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError, match="must name the VCSE"):
        consent_record(
            person=person,
            actor=worker,
            kind="share_with_vcse",
            given=True,
            recorded_on=timezone.localdate(),
        )
    consent = consent_record(
        person=person,
        actor=worker,
        kind="share_with_vcse",
        given=True,
        recorded_on=timezone.localdate(),
        organisation=world.vcse,
        shared_fields=["name", "contact"],
    )
    assert (consent.recorded_by, consent.organisation, consent.shared_fields) == (
        worker,
        world.vcse,
        ["name", "contact"],
    )
    with pytest.raises(DomainError, match="can be shared"):
        consent_record(
            person=person,
            actor=worker,
            kind="share_with_vcse",
            given=True,
            recorded_on=timezone.localdate(),
            organisation=world.vcse,
            shared_fields=["medical history"],
        )
    assert Consent.objects.filter(person=person).count() == 1


def test_every_write_is_audited(world: SmallWorld) -> None:
    person = create(world)
    assert (
        AuditEvent.objects.filter(
            action="create", object_type="person", person_id=person.pk, scheme_id=world.scheme.pk
        ).count()
        == 1
    )
    assert Person.objects.count() == 1
