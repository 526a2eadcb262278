"""Restriction of processing: a restricted record disappears for everyone but the scheme's
managers, at fetch time, from pages, lists, search and the API alike."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.people.data_rights import person_restrict, person_unrestrict
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two(world: SmallWorld):
    hidden = refer_and_start(world, person={"given_name": "Hester", "family_name": "Hidewell"})
    shown = refer_and_start(world, person={"given_name": "Vera", "family_name": "Visible"})
    person_restrict(
        person=hidden.person, actor=world.users[Role.SCHEME_MANAGER], reason="Disputes accuracy"
    )
    return hidden, shown


def test_link_worker_gets_404_for_every_page_of_a_restricted_record(world, two) -> None:
    hidden, shown = two
    client = client_for(world.users[Role.LINK_WORKER])
    for name, arg in (
        ("people:person_detail", hidden.person_id),
        ("episodes:referral_detail", hidden.pk),
        ("outcomes:person", hidden.person_id),
        ("episodes:episode_summary", hidden.pk),
    ):
        assert client.get(reverse(name, args=[arg])).status_code == 404, name
    assert client.get(reverse("people:person_detail", args=[shown.person_id])).status_code == 200
    assert client.get(f"/api/v1/referrals/{hidden.pk}").status_code == 404
    assert client.post(reverse("episodes:encounter_add", args=[hidden.pk]), {}).status_code == 404


def test_lists_search_and_api_omit_a_restricted_record(world, two) -> None:
    hidden, shown = two
    for role in (Role.LINK_WORKER, Role.REFERRER_GP, Role.PRACTICE_MANAGER):
        client = client_for(world.users[role])
        ids = {row["id"] for row in client.get("/api/v1/referrals/").json()}
        assert str(hidden.pk) not in ids, role
        assert str(shown.pk) in ids, role
    client = client_for(world.users[Role.LINK_WORKER])
    found = client.post(reverse("people:person_search"), {"q": "Hidewell"}).content.decode()
    assert "Hester" not in found
    assert (
        "Visible" in client.post(reverse("people:person_search"), {"q": "Visible"}).content.decode()
    )
    home = client.get("/").content.decode()
    assert "Hidewell" not in home
    assert "Visible" in home


def test_the_schemes_managers_still_see_it_and_it_says_so(world, two) -> None:
    hidden, _ = two
    client = client_for(world.users[Role.SCHEME_MANAGER])
    page = client.get(reverse("people:person_detail", args=[hidden.person_id])).content.decode()
    assert 'data-testid="restricted"' in page
    assert "Disputes accuracy" in page
    assert client.get(reverse("episodes:referral_detail", args=[hidden.pk])).status_code == 200
    ids = {row["id"] for row in client.get("/api/v1/referrals/").json()}
    assert str(hidden.pk) in ids
    found = client.post(reverse("people:person_search"), {"q": "Hidewell"}).content.decode()
    assert "Hester" in found


def test_lifting_restores_access_and_both_are_audited(world, two) -> None:
    hidden, _ = two
    manager = world.users[Role.SCHEME_MANAGER]
    client = client_for(manager)
    url = reverse("people:restriction_change", args=[hidden.person_id])
    assert client.post(url, {"action": "lift"}).status_code == 302
    worker = client_for(world.users[Role.LINK_WORKER])
    assert worker.get(reverse("people:person_detail", args=[hidden.person_id])).status_code == 200
    actions = list(
        AuditEvent.objects.filter(
            person_id=hidden.person_id,
            action__in=[AuditEvent.Action.RESTRICTED, AuditEvent.Action.UNRESTRICTED],
        )
        .order_by("at", "id")
        .values_list("action", "actor")
    )
    assert actions == [("restricted", manager.pk), ("unrestricted", manager.pk)]


def test_a_link_worker_cannot_restrict_or_lift(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("people:restriction_change", args=[referral.person_id])
    assert client.post(url, {"reason": "Because"}).status_code == 403
    referral.person.refresh_from_db()
    assert not referral.person.restricted


def test_restricting_needs_a_reason_and_cannot_be_doubled(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    manager = world.users[Role.SCHEME_MANAGER]
    with pytest.raises(DomainError) as caught:
        person_restrict(person=referral.person, actor=manager, reason="  ")
    assert caught.value.field_errors == {"reason": ["Enter the reason for the restriction."]}
    person_restrict(person=referral.person, actor=manager, reason="Objection")
    with pytest.raises(DomainError, match="already restricted"):
        person_restrict(person=referral.person, actor=manager, reason="Objection")
    person_unrestrict(person=referral.person, actor=manager)
    with pytest.raises(DomainError, match="not restricted"):
        person_unrestrict(person=referral.person, actor=manager)


@pytest.mark.parametrize(
    ("name", "box"), [("restriction_change", "restriction"), ("legal_hold_change", "hold")]
)
def test_a_missing_reason_shows_the_form_again_with_the_error(world, name, box) -> None:
    referral = refer_and_start(world)
    client = client_for(world.users[Role.SCHEME_MANAGER])
    response = client.post(reverse(f"people:{name}", args=[referral.person_id]), {"reason": " "})
    assert response.status_code == 400
    page = response.content.decode()
    start = page.index('class="nhsuk-error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert f'href="#id_{box}-reason"' in summary
    assert f'id="id_{box}-reason-error"' in page
    referral.person.refresh_from_db()
    assert not referral.person.restricted
    assert not referral.person.legal_hold
