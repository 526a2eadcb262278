"""The load test signs in through the real pages (password, then authenticator code) and
drives a role's pages against a live server."""

from __future__ import annotations

import random

import pytest

from linkwork.accounts.models import User
from linkwork.accounts.second_factor import authenticator_enrolled_for_demo
from linkwork.bench.loadtest.client import Browser
from linkwork.bench.loadtest.recorder import Recorder
from linkwork.bench.loadtest.signin import SignInError, sign_in
from linkwork.bench.loadtest.totp import TotpKey
from linkwork.bench.loadtest.user import SharedWork, VirtualUser
from linkwork.core import clock
from linkwork.testing.world import PASSWORD, build_small_world

pytestmark = pytest.mark.django_db(transaction=True)


def _key(username: str) -> TotpKey:
    device = authenticator_enrolled_for_demo(user=User.objects.get(username=username))
    return TotpKey(key=device.bin_key, step=device.step, t0=device.t0, drift=device.drift)


def test_a_link_worker_signs_in_with_a_code_and_their_pages_answer(live_server) -> None:
    build_small_world()
    browser = Browser(live_server.url)
    home = sign_in(browser, username="linkworker", password=PASSWORD, key=_key("linkworker"))
    assert home.status == 200
    assert "Questionnaires due" in home.body  # a link worker's own navigation, so signed in
    recorder = Recorder()
    user = VirtualUser(
        name="lw",
        browser=browser.copy(),
        recorder=recorder,
        shared=SharedWork(),
        today=clock.today(),
        rng=random.Random(1),
    )
    user.baseline()
    user.caseload_api()
    user.due()
    assert set(recorder.pages) == {
        "API: instrument list (baseline)",
        "API: referral list",
        "questionnaires due",
    }
    assert all(p.errors == 0 for p in recorder.pages.values()), [
        p.error_examples for p in recorder.pages.values()
    ]


def test_a_wrong_code_stops_sign_in_at_the_second_step(live_server) -> None:
    build_small_world()
    wrong = TotpKey(key=b"not the account's key")
    with pytest.raises(SignInError, match="authenticator code was refused"):
        sign_in(Browser(live_server.url), username="linkworker", password=PASSWORD, key=wrong)


def test_a_researcher_needs_no_code(live_server) -> None:
    build_small_world()
    home = sign_in(Browser(live_server.url), username="researcher", password=PASSWORD, key=None)
    assert home.status == 200
