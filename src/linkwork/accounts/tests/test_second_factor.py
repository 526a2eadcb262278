"""Two-factor sign-in, attacked as someone holding only a stolen password would."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts.models import User
from linkwork.accounts.roles import SECOND_FACTOR_EXEMPT_ROLES, Role, second_factor_required
from linkwork.accounts.second_factor import (
    authenticator_current_code,
    recovery_codes_issue,
    second_factor_required_for,
)
from linkwork.audit.models import AuditEvent
from linkwork.testing.second_factor import code_for, drop_verification
from linkwork.testing.world import CAST_ROLES, PASSWORD, SmallWorld

pytestmark = pytest.mark.django_db

GUARDED = [r for r in CAST_ROLES if r not in SECOND_FACTOR_EXEMPT_ROLES]
CODE_PAGE = "/accounts/two-factor/"
SET_UP_PAGE = "/accounts/two-factor/set-up/"


def password_only(user: User) -> Client:
    """A session that has given the right password and nothing more."""
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_only_commissioners_and_researchers_may_skip_the_second_factor() -> None:
    assert {Role.COMMISSIONER, Role.RESEARCHER} == SECOND_FACTOR_EXEMPT_ROLES
    for role in Role:
        expected = role not in SECOND_FACTOR_EXEMPT_ROLES
        assert second_factor_required(frozenset({role}), is_staff=False) is expected
    # Staff, a mix with an identifiable role, and no role at all still need one.
    assert second_factor_required(frozenset({Role.RESEARCHER}), is_staff=True)
    assert second_factor_required(frozenset({Role.RESEARCHER, Role.LINK_WORKER}), is_staff=False)
    assert second_factor_required(frozenset(), is_staff=False)


@pytest.mark.parametrize("role", GUARDED)
def test_a_password_alone_reaches_no_page_and_no_api(world: SmallWorld, role: Role) -> None:
    user = world.users[role]
    code_for(user)  # has an authenticator already
    client = password_only(user)
    for url in (
        "/",
        reverse("organisations:scheme_detail", args=[world.scheme.slug]),
        "/audit/export.csv",
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{CODE_PAGE}?next="), url
    for url in ("/api/v1/referrals/", "/api/v1/registry/summary"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "second_factor_required"
    # A POST is refused too, before any view sees it.
    response = client.post("/api/v1/referrals/", {}, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("role", GUARDED)
def test_without_an_authenticator_the_password_leads_only_to_set_up(
    world: SmallWorld, role: Role
) -> None:
    client = password_only(world.users[role])
    response = client.get("/")
    assert response["Location"].startswith(f"{SET_UP_PAGE}?next=")


@pytest.mark.parametrize("role", sorted(SECOND_FACTOR_EXEMPT_ROLES))
def test_roles_that_see_no_one_sign_in_with_a_password(world: SmallWorld, role: Role) -> None:
    client = password_only(world.users[role])
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/registry/summary").status_code == 200


def test_the_api_refuses_a_test_client_session_stripped_of_its_second_factor(
    world: SmallWorld,
) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    assert client.get("/api/v1/referrals/").status_code == 200
    drop_verification(client)
    assert client.get("/api/v1/referrals/").status_code == 403


def test_the_right_code_opens_the_session_and_follows_next(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    code = code_for(user)
    client = password_only(user)
    target = reverse("organisations:scheme_detail", args=[world.scheme.slug])
    response = client.post(CODE_PAGE, {"code": code, "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200
    assert client.get("/api/v1/referrals/").status_code == 200
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN, actor=user).last()
    assert event is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SIGN_IN, actor=user, detail__method="authenticator"
    ).exists()


def test_next_cannot_send_someone_to_another_site(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    code = code_for(user)
    client = password_only(user)
    response = client.post(CODE_PAGE, {"code": code, "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("role", GUARDED)
def test_a_wrong_code_is_refused(world: SmallWorld, role: Role) -> None:
    user = world.users[role]
    right = code_for(user)
    client = password_only(user)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for attempt in (wrong, "", "not-a-code", "0" * 6 + right):
        response = client.post(CODE_PAGE, {"code": attempt})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert client.get("/").status_code == 302
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED, actor=user)
    assert failed.filter(detail__step="second_factor").count() == 3  # the blank one is a form error


def test_a_code_cannot_be_replayed_in_another_session(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    code = code_for(user)
    first = password_only(user)
    assert first.post(CODE_PAGE, {"code": code}).status_code == 302
    # Someone who watched the code being typed tries it at once with the stolen password.
    second = password_only(user)
    assert second.post(CODE_PAGE, {"code": code}).status_code == 200
    assert second.get("/").status_code == 302


@pytest.mark.parametrize("role", GUARDED)
def test_a_recovery_code_works_once(world: SmallWorld, role: Role) -> None:
    user = world.users[role]
    code_for(user)
    codes = recovery_codes_issue(user=user)
    assert len(set(codes)) == 10
    client = password_only(user)
    # Typed with a space instead of the hyphen and in capitals: still the same code.
    response = client.post(CODE_PAGE, {"code": codes[0].replace("-", " ").upper()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SIGN_IN,
        actor=user,
        detail__method="recovery_code",
        detail__recovery_codes_left=9,
    ).exists()
    again = password_only(user)
    assert again.post(CODE_PAGE, {"code": codes[0]}).status_code == 200
    assert again.get("/").status_code == 302
    # After the pause django-otp imposes once a code has failed, the next unused code works.
    StaticDevice.objects.get(user=user).throttle_reset()
    assert again.post(CODE_PAGE, {"code": codes[1]}).status_code == 302


def test_another_persons_code_does_not_work(world: SmallWorld) -> None:
    victim = world.users[Role.LINK_WORKER]
    code_for(victim)
    attacker = world.users[Role.SCHEME_MANAGER]
    attacker_code = code_for(attacker)
    attacker_codes = recovery_codes_issue(user=attacker)
    client = password_only(victim)
    for code in (attacker_code, attacker_codes[0]):
        assert client.post(CODE_PAGE, {"code": code}).status_code == 200
    assert client.get("/").status_code == 302


def qr_and_secret(page: str) -> tuple[str, str]:
    svg = re.search(r"<svg\b.*?</svg>", page, re.S)
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page)
    assert svg is not None
    assert secret is not None
    return svg.group(0), secret.group(1)


def test_first_sign_in_sets_up_the_app_then_shows_recovery_codes_once(world: SmallWorld) -> None:
    user = world.users[Role.VCSE_WORKER]
    client = password_only(user)
    page = client.get(SET_UP_PAGE).content.decode()
    svg, secret = qr_and_secret(page)
    assert "QR code to scan" in svg
    # The same QR code after a reload, so a half-finished scan still matches.
    assert qr_and_secret(client.get(SET_UP_PAGE).content.decode()) == (svg, secret)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret.replace(" ", "") in device.config_url

    wrong = client.post(SET_UP_PAGE, {"code": "12345"})
    assert wrong.status_code == 200
    assert "There is a problem" in wrong.content.decode()
    response = client.post(SET_UP_PAGE, {"code": authenticator_current_code(device)})
    assert response.status_code == 200
    page = response.content.decode()
    shown = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", page)
    assert len(shown) == 10
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MFA_ENROLLED, actor=user).exists()
    # Shown once: the set-up page is gone and the codes appear nowhere else.
    again = client.get(SET_UP_PAGE, follow=True).content.decode()
    assert not any(code in again for code in shown)
    assert not any(code in client.get("/").content.decode() for code in shown)


def test_a_password_alone_cannot_add_a_new_authenticator(world: SmallWorld) -> None:
    """With the victim's app already set up, a stolen password must not let the thief set up
    their own app and so get past the second factor."""
    user = world.users[Role.LINK_WORKER]
    original = TOTPDevice.objects.get(pk=TOTPDevice.objects.create(user=user, confirmed=True).pk)
    client = password_only(user)
    response = client.get(SET_UP_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_PAGE)
    # Guessing a code for a device the thief made themselves does nothing either.
    thief = TOTPDevice.objects.create(user=user, confirmed=False)
    response = client.post(SET_UP_PAGE, {"code": authenticator_current_code(thief)})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [original]


def test_an_unverified_session_can_still_sign_out(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    code_for(user)
    client = password_only(user)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_OUT, actor=user).exists()


def test_new_recovery_codes_replace_the_old_and_need_a_verified_session(
    world: SmallWorld,
) -> None:
    user = world.users[Role.LINK_WORKER]
    old = recovery_codes_issue(user=user)
    client = Client()
    client.force_login(user)
    response = client.post(reverse("accounts:recovery_codes"))
    new = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.MFA_RESET, actor=user, detail__reason="new_recovery_codes"
    ).exists()
    drop_verification(client)
    assert client.post(reverse("accounts:recovery_codes")).status_code == 302
    assert len(recovery_codes_issue(user=user)) == 10


def test_staff_without_a_role_need_the_second_factor(world: SmallWorld) -> None:
    user = User.objects.create_user("staffonly", password=PASSWORD, is_staff=True)
    assert second_factor_required_for(user=user)
    client = password_only(user)
    assert client.get("/admin/")["Location"].startswith(SET_UP_PAGE)


def test_the_code_page_shows_no_menu_until_the_code_is_given(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    code = code_for(user)
    client = password_only(user)
    page = client.get(CODE_PAGE).content.decode()
    assert 'aria-label="Menu"' not in page
    assert "Log out" in page
    client.post(CODE_PAGE, {"code": code})
    assert 'aria-label="Menu"' in client.get("/").content.decode()
