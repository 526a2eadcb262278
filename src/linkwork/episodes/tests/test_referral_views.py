from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.organisations.services import scheme_policy_set
from linkwork.people.models import Consent, Person
from linkwork.testing.world import SmallWorld, default_policy, refer, refer_and_start

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def referral_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "received_on": timezone.localdate().isoformat(),
        "reasons": ["loneliness_isolation", "housing"],
        "agreed": "on",
        "person-given_name": "Grace",
        "person-family_name": "Hopper",
        "person-date_of_birth": "1950-12-09",
        "person-nhs_number": "943 476 5919",
        "person-sex": "female",
        "person-gender_identity": "same_as_sex",
        "person-preferred_contact": "phone",
        "person-preferred_language": "English",
    }
    data.update(overrides)
    return data


def self_referral_post(world: SmallWorld, **overrides: str) -> dict[str, object]:
    data: dict[str, object] = {
        "reasons": ["mental_wellbeing"],
        "practice": str(world.practice.pk),
        "agreed": "on",
        "person-given_name": "Sam",
        "person-family_name": "Jones",
        "person-date_of_birth": "1980-01-01",
        "person-nhs_number": "",
        "person-sex": "not_stated",
        "person-gender_identity": "not_stated",
        "person-preferred_contact": "text",
        "person-preferred_language": "English",
        "person-phone": "07700 900123",
    }
    data.update(overrides)
    return data


def test_gp_refers_with_their_practice_and_source(world: SmallWorld) -> None:
    client = logged_in(world.users[Role.REFERRER_GP])
    form = client.get(reverse("episodes:referral_new")).content.decode()
    assert 'name="source"' not in form  # a GP's referrals are from a GP
    response = client.post(
        reverse("episodes:referral_new"),
        referral_post(scheme=str(world.scheme.pk), practice=str(world.practice.pk)),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.source, referral.practice, referral.referrer) == (
        "gp",
        world.practice,
        world.users[Role.REFERRER_GP],
    )
    assert referral.person.nhs_number == "9434765919"
    assert Consent.objects.get(person=referral.person).recorded_by == world.users[Role.REFERRER_GP]
    sent = client.get(response["Location"]).content.decode()
    assert "Referral sent" in sent


def test_bad_details_are_explained_and_nothing_is_written(world: SmallWorld) -> None:
    client = logged_in(world.users[Role.REFERRER_GP])
    response = client.post(
        reverse("episodes:referral_new"),
        referral_post(
            scheme=str(world.scheme.pk),
            practice=str(world.practice.pk),
            **{"person-nhs_number": "943 476 5918"},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "This NHS number is not valid: check each digit" in page
    assert not Person.objects.exists()
    assert not Referral.objects.exists()


def test_a_referral_the_policy_refuses_tells_the_referrer_why(world: SmallWorld) -> None:
    scheme_policy_set(
        scheme=world.scheme, policy=default_policy(accepted_sources=("practice_nurse",))
    )
    client = logged_in(world.users[Role.REFERRER_GP])
    response = client.post(
        reverse("episodes:referral_new"),
        referral_post(scheme=str(world.scheme.pk), practice=str(world.practice.pk)),
        follow=True,
    )
    page = response.content.decode()
    assert "Referral recorded but cannot be accepted" in page
    assert "This scheme does not accept referrals from: gp." in page


def test_self_referral_only_where_the_scheme_accepts_it(world: SmallWorld) -> None:
    url = reverse("episodes:self_referral", args=[world.scheme.slug])
    assert Client().get(url).status_code == 200
    response = Client().post(
        url,
        self_referral_post(world),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.source, referral.status) == ("self", "received")
    assert Consent.objects.get(person=referral.person).recorded_by is None
    scheme_policy_set(scheme=world.scheme, policy=default_policy(accepted_sources=("gp",)))
    assert Client().get(url).status_code == 404


def test_triage_decline_needs_a_reason_then_records_it(world: SmallWorld) -> None:
    referral = refer(world)
    client = logged_in(world.users[Role.LINK_WORKER])
    response = client.post(reverse("episodes:decline", args=[referral.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Choose why the referral is declined." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "received"
    client.post(
        reverse("episodes:decline", args=[referral.pk]),
        {"reason": "needs_other_service", "note": "Debt advice first"},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "needs_other_service")


def test_illegal_action_is_refused_with_the_rule(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = logged_in(world.users[Role.LINK_WORKER])
    response = client.post(reverse("episodes:accept", args=[referral.pk]))
    assert response.status_code == 400
    assert "cannot become accepted" in response.content.decode()


def test_session_form_shows_session_n_of_cap(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = logged_in(world.users[Role.LINK_WORKER])
    url = reverse("episodes:referral_detail", args=[referral.pk])
    assert "Session 1 of 6" in client.get(url).content.decode()
    client.post(
        reverse("episodes:encounter_add", args=[referral.pk]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "mode": "telephone",
            "duration_minutes": "30",
            "attended": "yes",
        },
    )
    assert "Session 2 of 6" in client.get(url).content.decode()


def test_link_worker_home_lists_triage_and_waiting(world: SmallWorld) -> None:
    waiting = refer(world, person={"given_name": "Wendy"})
    from linkwork.episodes.services.intake import referral_accept

    referral_accept(referral=waiting, actor=world.users[Role.LINK_WORKER])
    refer(world, person={"given_name": "Tariq"})
    page = logged_in(world.users[Role.LINK_WORKER]).get("/").content.decode()
    triage = page[page.index('data-testid="triage"') : page.index('id="waiting"')]
    assert "Tariq Lovelace" in triage
    assert "Wendy" not in triage
    waiting_part = page[page.index('data-testid="waiting"') : page.index('id="active"')]
    assert "Wendy Lovelace" in waiting_part
    assert ">30<" in waiting_part


def test_person_search_finds_by_name_and_number(world: SmallWorld) -> None:
    referral = refer(world, person={"nhs_number": "9434765919"})
    client = logged_in(world.users[Role.LINK_WORKER])
    by_name = client.post(reverse("people:person_search"), {"q": "lovel"}).content.decode()
    by_number = client.post(
        reverse("people:person_search"), {"q": "943 476 5919"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert referral.person.full_name in by_name
    assert referral.person.full_name in by_number
    assert "<html" not in by_number


def test_link_worker_home_lists_questionnaires_due(world: SmallWorld) -> None:
    from linkwork.episodes.services.encounters import encounter_record
    from linkwork.organisations.services import scheme_policy_set

    scheme_policy_set(scheme=world.scheme, policy=default_policy(outcome_tools=("swemwbs",)))
    referral = refer_and_start(world)
    encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=timezone.localdate(),
        mode="telephone",
        duration_minutes=20,
    )
    page = logged_in(world.users[Role.LINK_WORKER]).get("/").content.decode()
    due = page[page.index('data-testid="due-questionnaires"') :]
    assert "Ada Lovelace" in due
    assert "SWEMWBS" in due
