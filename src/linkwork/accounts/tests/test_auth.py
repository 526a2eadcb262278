from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.accounts.second_factor import second_factor_required_for
from linkwork.testing.second_factor import code_for
from linkwork.testing.world import CAST_ROLES, PASSWORD, SmallWorld

pytestmark = pytest.mark.django_db

HOME_HEADINGS = {
    Role.LINK_WORKER: "Link worker home",
    Role.SCHEME_MANAGER: "Scheme manager home",
    Role.REFERRER_GP: "Referrer home",
    Role.PRACTICE_MANAGER: "Practice manager home",
    Role.VCSE_WORKER: "VCSE home",
    Role.COMMISSIONER: "Commissioner home",
    Role.RESEARCHER: "Researcher home",
    Role.SYSTEM_ADMIN: "System administration",
}


def test_home_needs_a_login() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_wrong_password_gets_a_clear_message(world: SmallWorld) -> None:
    response = Client().post(
        reverse("accounts:login"), {"username": "linkworker", "password": "nope"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Please enter a correct username and password" in page


@pytest.mark.parametrize("role", CAST_ROLES)
def test_each_role_lands_on_its_home_page(world: SmallWorld, role: Role) -> None:
    client = Client()
    user = world.users[role]
    code = code_for(user) if second_factor_required_for(user=user) else None
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    if code is not None:
        assert "Enter your sign-in code" in response.content.decode()
        response = client.post(reverse("accounts:second_factor"), {"code": code}, follow=True)
    page = response.content.decode()
    assert f"<h1>{HOME_HEADINGS[role]}</h1>" in page
    assert ("Administration" in page) is (role is Role.SYSTEM_ADMIN)


def test_user_without_a_role_is_told_what_to_do(world: SmallWorld) -> None:
    from linkwork.accounts.models import User

    client = Client()
    client.force_login(User.objects.create_user("newstarter", password=PASSWORD))
    assert "has no role yet" in client.get("/").content.decode()


def test_logout_ends_the_session(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    from linkwork.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sessions_expire_after_inactivity() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_password_reset_is_off_by_default(world: SmallWorld) -> None:
    assert Client().get(reverse("accounts:password_reset")).status_code == 404


def test_password_reset_can_be_switched_on(world: SmallWorld, settings) -> None:
    settings.PASSWORD_RESET_ENABLED = True
    response = Client().get(reverse("accounts:password_reset"))
    assert response.status_code == 200
    assert "Reset your password" in response.content.decode()


def test_pages_send_a_strict_csp_and_have_no_inline_scripts(world: SmallWorld) -> None:
    client = Client()
    login_page = client.get(reverse("accounts:login"))
    client.force_login(world.users[Role.SCHEME_MANAGER])
    pages = [login_page] + [
        client.get(url)
        for url in (
            "/",
            reverse("organisations:region_list"),
            reverse("organisations:scheme_detail", args=[world.scheme.slug]),
            reverse("organisations:organisation_list"),
        )
    ]
    for response in pages:
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script in {response.request['PATH_INFO']}: {tag}"
        assert not re.search(r"<script\b[^>]*>(?!\s*</script>)", html)
        assert " style=" not in html
        assert "<style" not in html
        assert "htmx.min.js" in html
