"""Every change to who holds which role leaves a ROLE_CHANGED row (who, whom, before, after),
whichever path made it: a shell, a service or the Django admin."""

from __future__ import annotations

import pytest
from django.test import Client

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db

ROLE_CHANGED = AuditEvent.Action.ROLE_CHANGED


def role_rows(user: User) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=ROLE_CHANGED, detail__user_id=str(user.pk)).order_by("id")
    )


def test_a_membership_made_in_a_shell_is_audited_without_an_actor(world: SmallWorld) -> None:
    outsider = User.objects.create_user(username="quiet")
    membership = Membership.objects.create(
        user=outsider, organisation=world.pcn, scheme=world.scheme, role=Role.LINK_WORKER.value
    )
    [row] = role_rows(outsider)
    assert row.actor is None
    assert row.detail["actor"].startswith("no signed-in user")
    assert row.detail["os_user"]  # the account that ran the shell
    assert row.object_id == str(membership.pk)
    assert row.scheme_id == world.scheme.pk
    assert row.detail["before"] is None
    assert row.detail["after"]["role"] == "link_worker"
    assert row.detail["after"]["scheme_id"] == str(world.scheme.pk)


def test_changing_and_ending_a_membership_records_before_and_after(world: SmallWorld) -> None:
    gp = world.users[Role.REFERRER_GP]
    membership = Membership.objects.get(user=gp)
    membership.role = Role.REFERRER_OTHER.value
    membership.save()
    membership.delete()
    created, changed, deleted = role_rows(gp)
    assert (changed.detail["before"]["role"], changed.detail["after"]["role"]) == (
        "referrer_gp",
        "referrer_other",
    )
    assert deleted.detail["before"]["role"] == "referrer_other"
    assert deleted.detail["after"] is None
    assert created.detail["before"] is None


def test_saving_a_membership_unchanged_writes_nothing(world: SmallWorld) -> None:
    gp = world.users[Role.REFERRER_GP]
    before = len(role_rows(gp))
    Membership.objects.get(user=gp).save()
    assert len(role_rows(gp)) == before


def test_administrator_flags_are_audited_but_a_sign_in_is_not(world: SmallWorld) -> None:
    researcher = world.users[Role.RESEARCHER]
    researcher.is_superuser = True
    researcher.save()
    [row] = [r for r in role_rows(researcher) if r.object_type == "user"]
    assert row.detail["before"] == {"is_staff": False, "is_superuser": False}
    assert row.detail["after"] == {"is_staff": False, "is_superuser": True}
    client = Client()
    client.post(
        "/accounts/login/", {"username": researcher.username, "password": "correct-horse-battery"}
    )
    assert len([r for r in role_rows(researcher) if r.object_type == "user"]) == 1


def test_a_role_given_in_the_admin_names_the_administrator(world: SmallWorld) -> None:
    admin = world.users[Role.SYSTEM_ADMIN]
    researcher = world.users[Role.RESEARCHER]
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/membership/add/",
        {
            "user": researcher.pk,
            "organisation": world.icb.pk,
            "role": Role.COMMISSIONER.value,
            "started_on": "",
            "ended_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = role_rows(researcher)[-1]
    assert row.actor == admin
    assert row.detail["after"]["role"] == "commissioner"
