"""One intake for every door: the service itself, and the JSON API that calls it."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.episodes.permissions import Access
from linkwork.episodes.selectors.episode_page import episode_page
from linkwork.episodes.services.intake import referral_intake
from linkwork.people.models import Consent, Person
from linkwork.testing.world import (
    SmallWorld,
    person_details,
    referral_api_body,
    referral_details,
)

pytestmark = pytest.mark.django_db

NHS = "9434765919"


def intake(world: SmallWorld, *, person: dict[str, object] | None = None, **referral: object):
    return referral_intake(
        scheme=world.scheme,
        person=person_details(**(person or {"nhs_number": NHS})),
        details=referral_details(world, **referral),
        actor=world.users[Role.REFERRER_GP],
    )


def test_a_new_person_is_recorded_with_consent_and_referral(world: SmallWorld) -> None:
    outcome = intake(world)
    referral = outcome.referral
    assert outcome.accepted_for_triage
    assert referral.person.nhs_number == NHS
    consent = Consent.objects.get(person=referral.person)
    assert (consent.kind, consent.given, consent.recorded_by) == (
        Consent.Kind.SERVICE,
        True,
        world.users[Role.REFERRER_GP],
    )
    assert consent.recorded_on == referral.received_on


def test_a_person_known_by_number_is_referred_again_not_duplicated(world: SmallWorld) -> None:
    first = intake(world, received_on=timezone.localdate() - timedelta(days=300)).referral
    first.status, first.closed_on = "discharged", timezone.localdate() - timedelta(days=200)
    first.discharge_reason = "goals_met"
    first.save()
    again = intake(world, person={"nhs_number": NHS, "given_name": "Ada", "postcode": ""})
    assert again.referral.person_id == first.person_id
    assert again.referral.previous_episode_id == first.pk
    assert Person.objects.filter(nhs_number=NHS).count() == 1


def test_a_number_with_another_date_of_birth_is_refused_without_saying_whose(
    world: SmallWorld,
) -> None:
    intake(world)
    before = (Person.objects.count(), Referral.objects.count(), Consent.objects.count())
    with pytest.raises(DomainError) as refused:
        intake(world, person={"nhs_number": NHS, "date_of_birth": date(1971, 1, 2)})
    assert set(refused.value.field_errors) == {"nhs_number", "date_of_birth"}
    assert "1960" not in str(refused.value.field_errors) + refused.value.message
    assert (Person.objects.count(), Referral.objects.count(), Consent.objects.count()) == before


def test_every_problem_is_reported_together_and_nothing_is_written(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as refused:
        intake(world, person={"nhs_number": "1234567890"}, reasons=())
    assert {"nhs_number", "reasons"} <= set(refused.value.field_errors)
    assert not Person.objects.exists()
    assert not Referral.objects.exists()
    assert not Consent.objects.exists()


def test_a_referral_the_policy_refuses_is_kept_and_declined(world: SmallWorld) -> None:
    outcome = intake(world, source="dwp")
    assert not outcome.accepted_for_triage
    assert outcome.referral.status == "declined"
    assert Consent.objects.filter(person=outcome.referral.person).exists()


# The API door.


def api_client(world: SmallWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def payload(world: SmallWorld, **overrides: object) -> dict[str, object]:
    return referral_api_body(world, **overrides)


def post(client: Client, body: dict[str, object]):
    return client.post("/api/v1/referrals/", data=json.dumps(body), content_type="application/json")


def test_a_gp_refers_through_the_api_with_their_role_as_source(world: SmallWorld) -> None:
    response = post(api_client(world, Role.REFERRER_GP), payload(world))
    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get(pk=body["id"])
    assert (referral.source, referral.status, body["problems"]) == ("gp", "received", [])
    assert referral.referrer == world.users[Role.REFERRER_GP]
    assert AuditEvent.objects.filter(object_type="referral", object_id=referral.pk).exists()


def test_the_api_declines_what_the_policy_refuses_and_says_why(world: SmallWorld) -> None:
    worker = api_client(world, Role.LINK_WORKER)
    response = post(worker, payload(world, source="dwp"))
    assert response.status_code == 201
    assert response.json()["status"] == "declined"
    assert "does not accept referrals from" in response.json()["problems"][0]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"reasons": []}, 400, "reasons"),
        ({"source": "dwp"}, 400, "source"),  # a GP's referrals come from the GP
        ({"person": {"given_name": "Grace"}}, 422, "person.family_name"),
        ({"received_on": "not-a-date"}, 422, "received_on"),
    ],
)
def test_bad_requests_name_the_field_and_write_nothing(
    world: SmallWorld, change: dict[str, object], status: int, field: str
) -> None:
    response = post(api_client(world, Role.REFERRER_GP), payload(world, **change))
    assert response.status_code == status, response.content
    problem = response.json()
    assert field in problem["errors"], problem
    assert problem["code"]
    assert problem["detail"]
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


def test_another_schemes_id_is_not_found_and_roles_that_do_not_refer_are_refused(
    world: SmallWorld,
) -> None:
    gp = api_client(world, Role.REFERRER_GP)
    response = post(gp, payload(world, scheme=str(world.scot_scheme.pk)))
    assert (response.status_code, response.json()["code"]) == (404, "scheme_not_found")
    response = post(gp, payload(world, practice=str(world.practice_b.pk)))
    assert response.status_code == 400
    assert "practice" in response.json()["errors"]
    response = post(api_client(world, Role.RESEARCHER), payload(world))
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert not Referral.objects.exists()


def test_triage_does_not_count_the_referral_as_its_own_duplicate(world: SmallWorld) -> None:
    worker, today = world.users[Role.LINK_WORKER], timezone.localdate()
    first = intake(world).referral
    page = episode_page(user=worker, referral=first, access=Access.CASEWORK, today=today)
    assert page.intake_problems == []
    # A second open referral of the same person is a real duplicate, and triage says so.
    second = Referral.objects.create(
        scheme=first.scheme,
        person=first.person,
        source="gp",
        received_on=first.received_on,
        reasons=list(first.reasons),
        status="received",
        status_changed_at=first.status_changed_at,
    )
    page = episode_page(user=worker, referral=second, access=Access.CASEWORK, today=today)
    assert [p.code.value for p in page.intake_problems] == ["duplicate_referral"]
