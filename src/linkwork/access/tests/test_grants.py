"""A role that opens records is given only when a second, different administrator approves
the request; the permission layer honours nothing else."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from linkwork.access.services import (
    grant_request_approve,
    grant_request_create,
    grant_request_refuse,
)
from linkwork.accounts.models import Membership, RoleGrantRequest, User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld, make_user

pytestmark = pytest.mark.django_db


def person_url(referral: Referral) -> str:
    return f"/people/{referral.person_id}/"


def ask(
    world: SmallWorld, *, actor: User, user: User, role: Role = Role.LINK_WORKER
) -> RoleGrantRequest:
    return grant_request_create(
        actor=actor,
        user=user,
        role=role,
        organisation=world.pcn,
        scheme=world.scheme,
        reason="Covering the scheme while its link worker is away",
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_requester_cannot_approve_their_own_request(
    world: SmallWorld, admin: User, second_admin: User, referral: Referral
) -> None:
    researcher = world.users[Role.RESEARCHER]
    grant = ask(world, actor=admin, user=researcher)
    with pytest.raises(DomainError) as refused:
        grant_request_approve(actor=admin, grant=grant)
    assert refused.value.code == "self_approval"
    grant.refresh_from_db()
    assert grant.status == RoleGrantRequest.Status.PENDING
    assert not Membership.objects.filter(user=researcher, role=Role.LINK_WORKER.value).exists()
    assert client_for(researcher).get(person_url(referral)).status_code == 404
    assert not AuditEvent.objects.filter(action="grant_approved").exists()


def test_self_approval_through_the_page_is_refused(
    world: SmallWorld, admin: User, referral: Referral
) -> None:
    client = client_for(admin)
    response = client.post(
        "/access/grants/new/",
        {
            "user": admin.pk,
            "role": Role.LINK_WORKER.value,
            "organisation": world.pcn.pk,
            "scheme": world.scheme.pk,
            "reason": "Just for a look",
        },
    )
    assert response.status_code == 302
    grant = RoleGrantRequest.objects.get(user=admin)
    response = client.post(f"/access/grants/{grant.pk}/approve/")
    assert response.status_code == 400
    assert "second administrator must decide" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == RoleGrantRequest.Status.PENDING
    assert client.get(person_url(referral)).status_code == 404


def test_an_administrator_cannot_approve_a_grant_to_themselves(
    world: SmallWorld, admin: User, second_admin: User
) -> None:
    """Two administrators in turn: A asks for B, B may not approve it either."""
    grant = ask(world, actor=admin, user=second_admin)
    with pytest.raises(DomainError) as refused:
        grant_request_approve(actor=second_admin, grant=grant)
    assert refused.value.code == "own_grant"


def test_the_database_refuses_a_self_decided_grant(world: SmallWorld, admin: User) -> None:
    grant = ask(world, actor=admin, user=world.users[Role.RESEARCHER])
    grant.status = RoleGrantRequest.Status.APPROVED
    grant.decided_by = admin
    with pytest.raises(IntegrityError), transaction.atomic():
        grant.save()


def test_a_second_administrator_approves_and_the_record_opens(
    world: SmallWorld, admin: User, second_admin: User, referral: Referral
) -> None:
    researcher = world.users[Role.RESEARCHER]
    grant = ask(world, actor=admin, user=researcher)
    assert client_for(researcher).get(person_url(referral)).status_code == 404  # pending
    response = client_for(second_admin).post(
        f"/access/grants/{grant.pk}/approve/", {"note": "Checked with the scheme"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == RoleGrantRequest.Status.APPROVED
    assert grant.decided_by == second_admin
    assert grant.membership is not None
    assert client_for(researcher).get(person_url(referral)).status_code == 200
    actions = list(
        AuditEvent.objects.filter(object_type__in=["role_grant", "membership"])
        .filter(detail__user_id=str(researcher.pk), actor__isnull=False)
        .order_by("id")
        .values_list("action", "actor")
    )
    assert actions == [
        ("grant_requested", admin.pk),
        ("role_changed", second_admin.pk),
        ("grant_approved", second_admin.pk),
    ]


def test_a_refused_request_opens_nothing(
    world: SmallWorld, admin: User, second_admin: User, referral: Referral
) -> None:
    researcher = world.users[Role.RESEARCHER]
    grant = ask(world, actor=admin, user=researcher)
    grant_request_refuse(actor=second_admin, grant=grant, note="No need")
    with pytest.raises(DomainError) as decided:
        grant_request_approve(actor=second_admin, grant=grant)
    assert decided.value.code == "already_decided"
    assert scope_for(User.objects.get(pk=researcher.pk)).casework_schemes == frozenset()
    assert client_for(researcher).get(person_url(referral)).status_code == 404
    assert AuditEvent.objects.filter(action="grant_refused", actor=second_admin).exists()


def test_approving_a_system_administrator_makes_an_admin_account(
    world: SmallWorld, admin: User, second_admin: User
) -> None:
    researcher = world.users[Role.RESEARCHER]
    grant = grant_request_create(
        actor=admin,
        user=researcher,
        role=Role.SYSTEM_ADMIN,
        organisation=world.icb,
        scheme=None,
        reason="New administrator",
    )
    grant_request_approve(actor=second_admin, grant=grant)
    researcher.refresh_from_db()
    assert researcher.is_staff
    assert researcher.is_superuser
    assert AuditEvent.objects.filter(
        action="role_changed", object_type="user", actor=second_admin
    ).exists()


def test_only_administrators_can_ask_or_see_the_pages(
    world: SmallWorld, referral: Referral
) -> None:
    manager = world.users[Role.SCHEME_MANAGER]
    with pytest.raises(DomainError):
        ask(world, actor=manager, user=world.users[Role.RESEARCHER])
    client = client_for(manager)
    assert client.get("/access/grants/").status_code == 404
    assert client.get("/access/break-glass/").status_code == 404


def test_a_request_without_a_reason_or_scheme_names_the_field(
    world: SmallWorld, admin: User
) -> None:
    response = client_for(admin).post(
        "/access/grants/new/",
        {
            "user": world.users[Role.RESEARCHER].pk,
            "role": Role.LINK_WORKER.value,
            "organisation": world.pcn.pk,
            "reason": "Cover",
        },
    )
    assert response.status_code == 400
    assert "Choose the scheme this role is in." in response.content.decode()
    assert not RoleGrantRequest.objects.exists()


def test_a_second_administrator_sees_the_request_on_their_home_page(
    world: SmallWorld, admin: User, second_admin: User
) -> None:
    ask(world, actor=admin, user=world.users[Role.RESEARCHER])
    page = client_for(second_admin).get("/").content.decode()
    assert 'data-testid="grants-waiting"' in page
    assert "Link worker for Researcher Tester" in page
    assert 'data-testid="grants-waiting"' not in client_for(admin).get("/").content.decode()


def test_the_person_list_tells_two_people_with_the_same_name_apart(
    world: SmallWorld, admin: User
) -> None:
    twin_a = make_user("sam.jones1", role=Role.RESEARCHER, organisation=world.icb)
    twin_b = make_user("sam.jones2", role=Role.COMMISSIONER, organisation=world.icb)
    for twin in (twin_a, twin_b):
        twin.first_name, twin.last_name = "Sam", "Jones"
        twin.save()
    page = client_for(admin).get("/access/grants/").content.decode()
    assert "Sam Jones (sam.jones1) - Researcher" in page
    assert "Sam Jones (sam.jones2) - Commissioner" in page


def test_a_pending_request_says_why_its_own_requester_cannot_decide_it(
    world: SmallWorld, admin: User
) -> None:
    ask(world, actor=admin, user=world.users[Role.RESEARCHER])
    page = client_for(admin).get("/access/grants/").content.decode()
    assert "You asked for this, so another administrator must approve or refuse it." in page


def test_the_grant_form_asks_in_words_not_dashes(world: SmallWorld, admin: User) -> None:
    page = client_for(admin).get("/access/grants/").content.decode()
    assert "---------" not in page
    assert "Choose a person" in page
    assert "Choose an organisation" in page
