"""Connections that do not degrade silently: consent to share is asked at the point of
connection and recorded; a connection is to a listed service or explicitly to an unlisted one;
suggestions name the provider and leave out what the person is already connected to;
withdrawing consent stops the sharing at once; the VCSE inbox offers only legal updates."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.directory.models import Attribute, DirectoryOrganization, Service
from linkwork.directory.needs import need_term_id
from linkwork.episodes.models import Connection, Referral
from linkwork.episodes.selectors.vcse_inbox import inbox_for
from linkwork.episodes.services.connections import (
    connection_create,
    connection_reply,
    connection_set_status,
)
from linkwork.people.models import Consent
from linkwork.people.services import consent_withdraw
from linkwork.testing.listed import listed_service
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(world: SmallWorld) -> Service:
    return listed_service(world)


def client_for(world: SmallWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def connect(world: SmallWorld, service: Service, referral: Referral | None = None) -> Connection:
    return connection_create(
        referral=referral or refer_and_start(world, person={"phone": "07700 900111"}),
        actor=world.users[Role.LINK_WORKER],
        kind="referral",
        need="loneliness_isolation",
        service=service,
        consent=True,
        shared=["name", "contact", "reason"],
    )


def refused(world: SmallWorld, service: Service, **answers: Any) -> DomainError:
    """Why connecting a newly referred person to the service with these answers is refused."""
    with pytest.raises(DomainError) as caught:
        connection_create(
            referral=refer_and_start(world),
            actor=world.users[Role.LINK_WORKER],
            kind="referral",
            service=service,
            **answers,
        )
    return caught.value


# Consent at the point of connection


def test_a_listed_service_asks_for_consent_to_share_with_its_provider(
    world: SmallWorld, service: Service
) -> None:
    caught = refused(world, service)
    assert "Testshire Community Links" in caught.field_errors["consent"][0]
    assert not Connection.objects.exists()


def test_consent_given_at_connection_is_recorded_for_the_provider(
    world: SmallWorld, service: Service
) -> None:
    connection = connect(world, service)
    consent = Consent.objects.get(kind="share_with_vcse")
    assert (consent.person_id, consent.organisation, consent.given) == (
        connection.person_id,
        world.vcse,
        True,
    )
    assert consent.shared_fields == ["name", "contact", "reason"]
    assert connection.shared_fields == ["name", "contact", "reason"]
    event = connection.referral.events.get(kind="connection")
    assert event.data["consent"] == str(consent.pk)


def test_consent_given_must_say_what_is_shared(world: SmallWorld, service: Service) -> None:
    assert "shared" in refused(world, service, consent=True, shared=[]).field_errors


def test_consent_refused_at_connection_shares_nothing(world: SmallWorld, service: Service) -> None:
    connection = connection_create(
        referral=refer_and_start(world),
        actor=world.users[Role.LINK_WORKER],
        kind="referral",
        service=service,
        consent=False,
    )
    assert connection.shared_fields == []
    assert Consent.objects.get(kind="share_with_vcse").given is False
    [row] = inbox_for(user=world.users[Role.VCSE_WORKER])
    assert row.shared_nothing
    assert not row.withdrawn


def test_the_connect_form_asks_for_consent_naming_the_provider_and_what_is_shared(
    world: SmallWorld, service: Service
) -> None:
    referral = refer_and_start(world)
    client = client_for(world, Role.LINK_WORKER)
    page = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    suggestions = page[page.index('data-testid="suggestions"') :]
    assert "share their details with Testshire Community Links" in suggestions
    assert "Contact details" in suggestions
    url = reverse("episodes:connection_to_service", args=[referral.pk])
    form = {"service": str(service.pk), "kind": "referral", "need": "loneliness_isolation"}
    missing = client.post(url, form)
    assert missing.status_code == 400
    assert "Testshire Community Links" in missing.content.decode()
    assert not Connection.objects.exists()
    given = client.post(url, {**form, "consent": "yes", "shared": ["name", "reason"]})
    assert given.status_code == 302
    assert Connection.objects.get().shared_fields == ["name", "reason"]
    inbox = client_for(world, Role.VCSE_WORKER).get(reverse("episodes:vcse_inbox"))
    assert "Ada Lovelace" in inbox.content.decode()


# Listed or explicitly unlisted


def test_a_typed_name_cannot_pass_for_a_listed_service(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        connection_create(
            referral=refer_and_start(world),
            actor=world.users[Role.LINK_WORKER],
            kind="signpost",
            target="directory_service",
            service_name="Friendship café",
        )
    assert "target" in caught.value.field_errors


def test_an_unlisted_service_is_recorded_as_unlisted(world: SmallWorld) -> None:
    connection = connection_create(
        referral=refer_and_start(world),
        actor=world.users[Role.LINK_WORKER],
        kind="signpost",
        target="unlisted_service",
        service_name="Knit and natter",
    )
    assert (connection.service, connection.target) == (None, "unlisted_service")
    assert inbox_for(user=world.users[Role.VCSE_WORKER]) == []


def test_the_free_form_is_for_unlisted_services_and_says_so(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = client_for(world, Role.LINK_WORKER)
    page = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    assert "the provider will not be told; record what happens yourself" in page
    form = page[page.index(reverse("episodes:connection_add", args=[referral.pk])) :]
    assert 'value="directory_service"' not in form[: form.index("</form>")]
    response = client.post(
        reverse("episodes:connection_add", args=[referral.pk]),
        {
            "kind": "signpost",
            "target": "directory_service",
            "service_name": "Friendship café",
            "made_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Connection.objects.exists()
    listed = client.get(reverse("episodes:referral_detail", args=[referral.pk]))
    assert listed.status_code == 200


def test_an_unlisted_connection_shows_as_not_listed(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    connection_create(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        kind="signpost",
        target="unlisted_service",
        service_name="Knit and natter",
    )
    page = client_for(world, Role.LINK_WORKER).get(
        reverse("episodes:referral_detail", args=[referral.pk])
    )
    table = page.content.decode()
    table = table[table.index('data-testid="connections"') :]
    assert "Not listed: the provider will not be told" in table


# Suggestions and duplicates


def test_suggestions_name_the_provider_and_skip_services_already_connected(
    world: SmallWorld, service: Service
) -> None:
    elsewhere = DirectoryOrganization.objects.create(name="Elsewhere Trust")
    twin = Service.objects.create(
        name="Friendship café", organization=elsewhere, region=world.england
    )
    Attribute.objects.create(
        link_type="service", link_ref=twin.pk, taxonomy_term_id=need_term_id("loneliness_isolation")
    )
    referral = refer_and_start(world)
    client = client_for(world, Role.LINK_WORKER)
    url = reverse("episodes:referral_detail", args=[referral.pk])
    page = client.get(url).content.decode()
    suggestions = page[
        page.index('data-testid="suggestions"') : page.index(
            "</ul>", page.index('data-testid="suggestions"')
        )
    ]
    assert "Testshire Community Links" in suggestions
    assert "Elsewhere Trust" in suggestions
    assert "Open" in suggestions
    connect(world, service, referral)
    page = client.get(url).content.decode()
    start = page.index('data-testid="suggestions"')
    suggestions = page[start : page.index("</ul>", start)]
    assert str(service.pk) not in suggestions
    assert str(twin.pk) in suggestions


def test_a_second_open_connection_to_the_same_service_is_refused(
    world: SmallWorld, service: Service
) -> None:
    first = connect(world, service)
    with pytest.raises(DomainError) as caught:
        connect(world, service, first.referral)
    assert "already connected" in caught.value.field_errors["service"][0]
    connection_set_status(connection=first, actor=world.users[Role.LINK_WORKER], status="cancelled")
    assert connect(world, service, first.referral).status == "requested"


# Withdrawing consent


def test_withdrawing_consent_stops_the_sharing_at_once(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service)
    vcse = world.users[Role.VCSE_WORKER]
    consent = Consent.objects.get(kind="share_with_vcse")
    consent_withdraw(consent=consent, actor=world.users[Role.LINK_WORKER])
    [row] = inbox_for(user=vcse)
    assert row.withdrawn
    assert (row.name, row.contact, row.reason) == (None, None, None)
    assert row.updates == []
    with pytest.raises(DomainError):
        connection_reply(connection=connection, actor=vcse, status="accepted")
    client = client_for(world, Role.VCSE_WORKER)
    page = client.get(reverse("episodes:vcse_inbox")).content.decode()
    assert "Consent to share withdrawn" in page
    assert "Ada Lovelace" not in page
    assert "07700 900111" not in page
    client.post(reverse("episodes:vcse_reply", args=[connection.pk]), {"status": "accepted"})
    connection.refresh_from_db()
    assert connection.status == "requested"


def test_withdrawing_covers_every_consent_to_share_with_that_provider(
    world: SmallWorld, service: Service
) -> None:
    connection = connect(world, service)
    older = Consent.objects.get(kind="share_with_vcse")
    Consent.objects.filter(pk=older.pk).update(recorded_on=timezone.localdate().replace(day=1))
    connection_set_status(
        connection=connection, actor=world.users[Role.LINK_WORKER], status="cancelled"
    )
    connect(world, service, connection.referral)
    newest = Consent.objects.exclude(pk=older.pk).get()
    consent_withdraw(consent=newest, actor=world.users[Role.LINK_WORKER])
    assert not Consent.objects.filter(withdrawn_on__isnull=True).exists()


def test_the_link_worker_withdraws_consent_from_the_person_record(
    world: SmallWorld, service: Service
) -> None:
    connection = connect(world, service)
    consent = Consent.objects.get(kind="share_with_vcse")
    client = client_for(world, Role.LINK_WORKER)
    record = client.get(reverse("people:person_detail", args=[connection.person_id]))
    assert reverse("people:consent_withdraw", args=[connection.person_id, consent.pk]) in (
        record.content.decode()
    )
    response = client.post(
        reverse("people:consent_withdraw", args=[connection.person_id, consent.pk])
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    inbox = client_for(world, Role.VCSE_WORKER).get(reverse("episodes:vcse_inbox"))
    assert "Consent to share withdrawn" in inbox.content.decode()


# The VCSE inbox offers only legal updates, labelled as they are stored


def test_the_inbox_offers_only_legal_next_statuses(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service)
    vcse = world.users[Role.VCSE_WORKER]
    [row] = inbox_for(user=vcse)
    assert [code for code, _ in row.updates] == [
        "accepted",
        "rejected",
        "in-progress",
        "failed",
        "cancelled",
    ]
    connection_reply(connection=connection, actor=vcse, status="in-progress")
    [row] = inbox_for(user=vcse)
    assert row.updates == [("completed", "Completed"), ("cancelled", "Cancelled")]
    page = client_for(world, Role.VCSE_WORKER).get(reverse("episodes:vcse_inbox")).content.decode()
    card = page[page.index('data-testid="connection"') :]
    assert '<option value="accepted">' not in card
    assert '<option value="completed">Completed</option>' in card


def test_inbox_labels_match_the_stored_status(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service)
    [row] = inbox_for(user=world.users[Role.VCSE_WORKER])
    labels = dict(row.updates)
    connection_reply(
        connection=connection, actor=world.users[Role.VCSE_WORKER], status="in-progress"
    )
    connection.refresh_from_db()
    assert labels["in-progress"] == connection.get_status_display()


def test_an_illegal_update_posted_anyway_is_refused(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service)
    client = client_for(world, Role.VCSE_WORKER)
    response = client.post(
        reverse("episodes:vcse_reply", args=[connection.pk]), {"status": "completed"}, follow=True
    )
    assert "cannot become completed" in response.content.decode()
    connection.refresh_from_db()
    assert connection.status == "requested"


def test_a_listed_service_outside_the_needs_is_found_by_name_and_connected(
    world: SmallWorld, service: Service
) -> None:
    # Debt advice meets none of this referral's needs, so it is never suggested; the person
    # asked for it by name, and connecting to it must still reach its provider.
    debt = Service.objects.create(
        name="Money Matters debt advice", organization=service.organization, region=world.england
    )
    Attribute.objects.create(
        link_type="service", link_ref=debt.pk, taxonomy_term_id=need_term_id("debt_benefits_money")
    )
    referral = refer_and_start(world)
    client = client_for(world, Role.LINK_WORKER)
    url = reverse("episodes:referral_detail", args=[referral.pk])
    assert str(debt.pk) not in client.get(url).content.decode()
    page = client.get(url, {"service_q": "money matters"}).content.decode()
    start = page.index('data-testid="suggestions"')
    found = page[start : page.index("</ul>", start)]
    assert str(debt.pk) in found
    assert str(service.pk) not in found  # only what matches the words
    assert "Testshire Community Links" in found  # its provider, who will be told
    response = client.post(
        reverse("episodes:connection_to_service", args=[referral.pk]),
        {
            "service": str(debt.pk),
            "kind": "referral",
            "need": "",
            "consent": "yes",
            "shared": ["name", "contact"],
            "submission_key": "find-by-name-0001",
        },
    )
    assert response.status_code == 302
    connection = Connection.objects.get(referral=referral)
    assert connection.service == debt
    nothing = client.get(url, {"service_q": "zzzz nothing"}).content.decode()
    assert "No open listed service in this area matches" in nothing
