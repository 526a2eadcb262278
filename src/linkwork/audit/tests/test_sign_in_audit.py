"""The audit trail records who signed in, out, failed, set up or reset two-factor sign-in and
changed a password, with the address, and never a password."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.testing.second_factor import code_for
from linkwork.testing.world import PASSWORD, SmallWorld

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
ADDRESS = "192.0.2.10"


def actions_for(user: User) -> list[tuple[str, dict[str, object]]]:
    return [(e.action, e.detail) for e in AuditEvent.objects.filter(actor=user).order_by("id")]


def test_a_full_sign_in_and_out_is_recorded_step_by_step(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    code = code_for(user)
    client = Client(REMOTE_ADDR=ADDRESS)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    client.post(reverse("accounts:second_factor"), {"code": code})
    client.post(reverse("accounts:logout"))
    assert actions_for(user) == [
        (Action.SIGN_IN, {"address": ADDRESS, "step": "password"}),
        (
            Action.SIGN_IN,
            {"address": ADDRESS, "step": "second_factor", "method": "authenticator"},
        ),
        (Action.SIGN_OUT, {"address": ADDRESS}),
    ]


def test_a_password_change_is_recorded_without_the_password(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    user.first_name = "Renamed"
    user.save()
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED).exists()
    user.set_password("a-new-long-passphrase")
    user.save()
    event = AuditEvent.objects.get(action=Action.PASSWORD_CHANGED)
    assert event.object_id == str(user.pk)
    assert "a-new-long-passphrase" not in str(event.detail)


def test_the_admin_reset_of_two_factor_is_recorded_with_who_did_it(world: SmallWorld) -> None:
    admin = world.users[Role.SYSTEM_ADMIN]
    target = world.users[Role.LINK_WORKER]
    code_for(target)
    client = Client()
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [str(target.pk)]},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.MFA_RESET)
    assert event.actor == admin
    assert event.object_id == str(target.pk)
    assert event.detail["reason"] == "removed"
    # The person sets up an app again at their next sign-in.
    again = Client()
    again.post(reverse("accounts:login"), {"username": target.username, "password": PASSWORD})
    assert again.get("/")["Location"].startswith(reverse("accounts:second_factor_setup"))
