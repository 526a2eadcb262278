"""An administrator cannot use the Django admin to give anyone (themselves included) a role that
opens people's records, nor make another administrator: the forged POSTs are refused and
nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def person_url(referral: Referral) -> str:
    return f"/people/{referral.person_id}/"


@pytest.fixture
def admin_client(admin: User) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def membership_post(world: SmallWorld, user: User, role: Role) -> dict[str, object]:
    return {
        "user": user.pk,
        "organisation": world.pcn.pk,
        "scheme": world.scheme.pk,
        "role": role.value,
        "started_on": "",
        "ended_on": "",
    }


@pytest.mark.parametrize(
    "role", [Role.LINK_WORKER, Role.SCHEME_MANAGER, Role.PRACTICE_MANAGER, Role.SYSTEM_ADMIN]
)
def test_admin_cannot_add_a_record_role_to_themselves(
    world: SmallWorld, admin: User, admin_client: Client, referral: Referral, role: Role
) -> None:
    memberships = Membership.objects.count()
    response = admin_client.post(
        "/admin/accounts/membership/add/", membership_post(world, admin, role)
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert Membership.objects.count() == memberships
    assert not AuditEvent.objects.filter(action="role_changed", actor=admin).exists()
    admin_client.get("/")  # a fresh request recomputes the scope
    assert admin_client.get(person_url(referral)).status_code == 404


def test_admin_cannot_turn_a_harmless_membership_into_a_record_role(
    world: SmallWorld, admin: User, admin_client: Client, referral: Referral
) -> None:
    harmless = Membership.objects.create(
        user=admin, organisation=world.pcn, role=Role.REFERRER_OTHER.value
    )
    response = admin_client.post(
        f"/admin/accounts/membership/{harmless.pk}/change/",
        membership_post(world, admin, Role.LINK_WORKER),
    )
    assert response.status_code == 200
    harmless.refresh_from_db()
    assert harmless.role == Role.REFERRER_OTHER.value
    assert harmless.scheme_id is None
    assert admin_client.get(person_url(referral)).status_code == 404


def test_a_record_role_membership_is_read_only_in_the_admin(
    world: SmallWorld, admin: User, admin_client: Client
) -> None:
    """Moving a colleague's link worker membership onto the administrator is refused too."""
    membership = Membership.objects.get(user=world.extra["colleague"])
    response = admin_client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        membership_post(world, admin, Role.LINK_WORKER),
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.user == world.extra["colleague"]


def test_the_user_page_cannot_add_memberships_or_administrator_flags(
    world: SmallWorld, admin_client: Client
) -> None:
    researcher = world.users[Role.RESEARCHER]
    page = admin_client.get(f"/admin/accounts/user/{researcher.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "is_staff" not in form.fields
    response = admin_client.post(
        f"/admin/accounts/user/{researcher.pk}/change/",
        {
            "username": researcher.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-role": Role.LINK_WORKER.value,
            "memberships-0-organisation": world.pcn.pk,
            "memberships-0-scheme": world.scheme.pk,
            "memberships-0-user": researcher.pk,
        },
    )
    assert response.status_code in (200, 302)
    researcher.refresh_from_db()
    assert not researcher.is_staff
    assert not researcher.is_superuser
    assert not Membership.objects.filter(user=researcher, role=Role.LINK_WORKER.value).exists()


def test_a_role_that_opens_no_records_can_still_be_given_in_the_admin(
    world: SmallWorld, admin_client: Client
) -> None:
    researcher = world.users[Role.RESEARCHER]
    response = admin_client.post(
        "/admin/accounts/membership/add/",
        {"user": researcher.pk, "organisation": world.icb.pk, "role": Role.COMMISSIONER.value},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=researcher, role=Role.COMMISSIONER.value).exists()
