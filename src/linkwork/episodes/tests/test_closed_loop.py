"""Closed-loop connections: consented sharing, the VCSE inbox, replies and follow-up flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.directory.models import DirectoryOrganization, Service
from linkwork.episodes.models import Connection
from linkwork.episodes.selectors.vcse_inbox import needs_follow_up
from linkwork.episodes.services.connections import connection_create, connection_set_status
from linkwork.people.services import consent_record, consent_withdraw
from linkwork.testing.world import SmallWorld, make_user, refer_and_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(world: SmallWorld) -> Service:
    provider = DirectoryOrganization.objects.create(
        name="Testshire Community Links", registry_organisation=world.vcse
    )
    return Service.objects.create(
        name="Friendship café", organization=provider, region=world.england
    )


def connect(world: SmallWorld, service: Service, *, consent: list[str] | None) -> Connection:
    referral = refer_and_start(world, person={"phone": "07700 900111"})
    worker = world.users[Role.LINK_WORKER]
    # The person is asked at the connection; None is their refusal.
    return connection_create(
        referral=referral,
        actor=worker,
        kind="referral",
        need="loneliness_isolation",
        service=service,
        consent=consent is not None,
        shared=consent or [],
    )


def vcse_client(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.VCSE_WORKER])
    return client


def test_only_consented_details_are_shared(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service, consent=["name", "reason"])
    assert connection.shared_fields == ["name", "reason"]
    page = vcse_client(world).get(reverse("episodes:vcse_inbox")).content.decode()
    assert "Ada Lovelace" in page
    assert "Loneliness or isolation" in page
    assert "07700 900111" not in page  # contact was not consented


def test_without_consent_the_provider_sees_no_details(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service, consent=None)
    assert connection.shared_fields == []
    page = vcse_client(world).get(reverse("episodes:vcse_inbox")).content.decode()
    assert "did not agree to share their details" in page
    assert "Ada Lovelace" not in page


def test_a_refused_or_withdrawn_consent_shares_nothing(world: SmallWorld, service: Service) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    connection = connection_create(
        referral=referral,
        actor=worker,
        kind="signpost",
        service=service,
        consent=False,
        shared=["name"],
    )
    assert connection.shared_fields == []
    consent = consent_record(
        person=referral.person,
        actor=worker,
        kind="share_with_vcse",
        given=True,
        recorded_on=timezone.localdate(),
        organisation=world.vcse,
        shared_fields=["name"],
    )
    consent_withdraw(consent=consent, actor=worker)
    connection_set_status(connection=connection, actor=worker, status="cancelled")
    again = connection_create(
        referral=referral,
        actor=worker,
        kind="signpost",
        service=service,
        consent=False,
    )
    assert again.shared_fields == []


def test_vcse_sees_only_its_own_services(world: SmallWorld, service: Service) -> None:
    mine = connect(world, service, consent=["name"])
    other_provider = DirectoryOrganization.objects.create(name="Elsewhere Trust")
    other = Service.objects.create(
        name="Other group", organization=other_provider, region=world.england
    )
    theirs = connect(world, other, consent=["name"])
    client = vcse_client(world)
    page = client.get(reverse("episodes:vcse_inbox")).content.decode()
    assert "Friendship café" in page
    assert "Other group" not in page
    response = client.post(reverse("episodes:vcse_reply", args=[theirs.pk]), {"status": "accepted"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "requested"
    assert mine.status == "requested"


@pytest.mark.parametrize(
    "role",
    [Role.LINK_WORKER, Role.REFERRER_GP, Role.COMMISSIONER, Role.RESEARCHER, Role.SYSTEM_ADMIN],
)
def test_inbox_is_only_for_vcse_staff(world: SmallWorld, role: Role) -> None:
    client = Client()
    client.force_login(world.users[role])
    assert client.get(reverse("episodes:vcse_inbox")).status_code == 403


def test_vcse_replies_close_the_loop_on_the_timeline(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service, consent=["name"])
    client = vcse_client(world)
    bad = client.post(
        reverse("episodes:vcse_reply", args=[connection.pk]),
        {"status": "rejected", "reason": ""},
    )
    assert bad.status_code == 400
    assert "Enter why the service declined" in bad.content.decode()
    client.post(reverse("episodes:vcse_reply", args=[connection.pk]), {"status": "accepted"})
    client.post(reverse("episodes:vcse_reply", args=[connection.pk]), {"status": "in-progress"})
    connection.refresh_from_db()
    assert connection.status == "in-progress"
    assert connection.first_attended_on == timezone.localdate()
    timeline = connection.referral.events.filter(kind="connection").order_by("at", "id")
    assert [e.data["status"] for e in timeline] == ["requested", "accepted", "in-progress"]
    assert timeline.last().actor == world.users[Role.VCSE_WORKER]  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(
        actor=world.users[Role.VCSE_WORKER], object_type="connection"
    ).exists()
    worker = Client()
    worker.force_login(world.users[Role.LINK_WORKER])
    page = worker.get(reverse("episodes:referral_detail", args=[connection.referral_id]))
    assert "Attending" in page.content.decode()


def test_statuses_map_one_to_one_onto_fhir_task_codes() -> None:
    from linkwork.episodes.vocab import ConnectionStatus

    assert set(ConnectionStatus.values) == {
        "requested",
        "accepted",
        "rejected",
        "in-progress",
        "on-hold",
        "completed",
        "cancelled",
        "failed",
    }


def test_silent_connections_are_flagged_for_follow_up(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service, consent=["name"])
    today = timezone.localdate()
    assert not needs_follow_up(connection, today)
    Connection.objects.filter(pk=connection.pk).update(
        status_changed_at=timezone.now() - timedelta(days=15)
    )
    connection.refresh_from_db()
    assert needs_follow_up(connection, today)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    page = client.get(reverse("episodes:referral_detail", args=[connection.referral_id]))
    assert 'data-testid="follow-up"' in page.content.decode()
    home = client.get("/").content.decode()
    assert 'data-testid="connections-follow-up"' in home
    assert "Friendship café" in home
    connection_set_status(
        connection=connection, actor=world.users[Role.LINK_WORKER], status="accepted"
    )
    assert not needs_follow_up(connection, today)


def test_closed_services_cannot_take_new_people(world: SmallWorld, service: Service) -> None:
    Service.objects.filter(pk=service.pk).update(capacity="closed")
    service.refresh_from_db()
    referral = refer_and_start(world)
    with pytest.raises(DomainError) as caught:
        connection_create(
            referral=referral, actor=world.users[Role.LINK_WORKER], kind="referral", service=service
        )
    assert caught.value.field_errors["service"] == ["Friendship café is closed to new people."]


def test_a_second_vcse_worker_of_another_provider_sees_nothing(
    world: SmallWorld, service: Service
) -> None:
    connect(world, service, consent=["name"])
    other = make_user("othervcse", role=Role.VCSE_WORKER, organisation=world.icb)
    client = Client()
    client.force_login(other)
    assert "Friendship café" not in client.get(reverse("episodes:vcse_inbox")).content.decode()


def test_link_worker_connects_through_a_suggested_service(
    world: SmallWorld, service: Service
) -> None:
    from linkwork.directory.models import Attribute
    from linkwork.directory.needs import need_term_id

    Attribute.objects.create(
        link_type="service",
        link_ref=service.pk,
        taxonomy_term_id=need_term_id("loneliness_isolation"),
    )
    referral = refer_and_start(world)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    page = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    suggestions = page[page.index('data-testid="suggestions"') :]
    assert "Friendship café" in suggestions
    response = client.post(
        reverse("episodes:connection_to_service", args=[referral.pk]),
        {
            "service": str(service.pk),
            "kind": "referral",
            "need": "loneliness_isolation",
            "consent": "yes",
            "shared": ["name"],
        },
    )
    assert response.status_code == 302
    connection = Connection.objects.get(referral=referral)
    assert (connection.service, connection.service_name, connection.target) == (
        service,
        "Friendship café",
        "directory_service",
    )


def test_saving_without_choosing_an_update_changes_nothing(
    world: SmallWorld, service: Service
) -> None:
    connection = connect(world, service, consent=["name"])
    client = vcse_client(world)
    page = client.get(reverse("episodes:vcse_inbox")).content.decode()
    select = page.split(f'id="status-{connection.pk}"', 1)[1].split("</select>", 1)[0]
    # The empty choice comes first and is the one shown, so Save alone sends nothing.
    assert select.split("<option", 2)[1].startswith(' value="" selected>Choose an update<')
    assert f'<label class="nhsuk-label" for="reason-{connection.pk}">Reason' in page
    response = client.post(
        reverse("episodes:vcse_reply", args=[connection.pk]),
        {"status": "", "reason": ""},
    )
    assert response.status_code == 400
    assert (
        "Choose an update in “Update for this person”, then press Save: nothing was changed."
        in response.content.decode()
    )
    connection.refresh_from_db()
    assert connection.status == "requested"
    assert connection.referral.events.filter(kind="connection").count() == 1


def test_a_refused_update_shows_again_on_its_card_with_what_was_typed(
    world: SmallWorld, service: Service
) -> None:
    connection = connect(world, service, consent=["name"])
    client = vcse_client(world)
    response = client.post(
        reverse("episodes:vcse_reply", args=[connection.pk]),
        {"status": "rejected", "reason": "  "},
    )
    assert response.status_code == 400
    page = response.content.decode()
    start = page.index('class="nhsuk-error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert f'href="#reason-{connection.pk}"' in summary
    assert "Enter why the service declined, for example no capacity." in summary
    card = page.split(f'id="status-{connection.pk}"', 1)[1].split("</form>", 1)[0]
    assert '<option value="rejected" selected>' in card
    assert f'id="reason-{connection.pk}-error"' in card
    assert "Information: " not in page  # no banner: the error is on the card
    connection.refresh_from_db()
    assert connection.status == "requested"


def test_the_provider_cancels_in_the_inbox_saying_why(world: SmallWorld, service: Service) -> None:
    connection = connect(world, service, consent=["name"])
    client = vcse_client(world)
    page = client.get(reverse("episodes:vcse_inbox")).content.decode()
    assert '<option value="cancelled">Cancelled</option>' in page
    url = reverse("episodes:vcse_reply", args=[connection.pk])
    refused = client.post(url, {"status": "cancelled", "reason": ""})
    assert refused.status_code == 400
    assert "Enter why the service cancelled" in refused.content.decode()
    assert client.post(url, {"status": "cancelled", "reason": "Group closed"}).status_code == 302
    connection.refresh_from_db()
    assert (connection.status, connection.status_reason) == ("cancelled", "Group closed")
