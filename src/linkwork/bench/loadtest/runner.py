"""A load test run: sign in, then the baseline page alone, then every role's mix, each for a
fixed time with every virtual user in its own thread."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import date

from linkwork.bench.loadtest.client import Browser
from linkwork.bench.loadtest.figures import PageFigures, report
from linkwork.bench.loadtest.logins import Login
from linkwork.bench.loadtest.mixes import allocate, next_action
from linkwork.bench.loadtest.recorder import Recorder
from linkwork.bench.loadtest.signin import sign_in
from linkwork.bench.loadtest.user import SharedWork, VirtualUser


def run(
    *,
    base_url: str,
    logins: list[Login],
    users: int,
    duration_s: float,
    baseline_s: float,
    today: date,
    seed: int = 1,
    say: Callable[[str], None] = print,
) -> dict[str, object]:
    by_name = {login.username: login for login in logins}
    names = [name for name in allocate(users * 2) if name in by_name][:users]
    # One sign-in per account: an authenticator code works once, so the users sharing an
    # account work in tabs of one signed-in browser.
    signed_in: dict[str, Browser] = {}
    for name in dict.fromkeys(names):
        login = by_name[name]
        browser = Browser(base_url)
        sign_in(browser, username=login.username, password=login.password, key=login.key)
        browser.close()
        signed_in[name] = browser
    say(f"Signed in {len(signed_in)} accounts for {len(names)} users.")
    shared = SharedWork()
    warm_up = Recorder()
    vus = [
        (
            by_name[name],
            VirtualUser(
                name=f"{name}#{i}",
                browser=signed_in[name].copy(),
                recorder=warm_up,
                shared=shared,
                today=today,
                rng=random.Random(seed * 1000 + i),  # noqa: S311 - a repeatable mix, not a secret
            ),
        )
        for i, name in enumerate(names)
    ]
    # Each user looks at its home page and caseload first, to learn ids to click through.
    _in_threads(vus, 0, lambda login, vu: _look_around(vu))

    baseline = Recorder()
    for _, vu in vus:
        vu.recorder = baseline
    say(f"Baseline page alone for {baseline_s:.0f} s...")
    baseline_time = _in_threads(vus, baseline_s, lambda login, vu: vu.baseline())

    mix = Recorder()
    for _, vu in vus:
        vu.recorder = mix
    say(f"Every role's mix for {duration_s:.0f} s...")
    mix_time = _in_threads(vus, duration_s, lambda login, vu: next_action(login.role, vu.rng)(vu))
    for _, vu in vus:
        vu.browser.close()

    base_figures = next(iter(baseline.pages.values()), PageFigures("baseline"))
    result = report(
        mix.pages.values(),
        baseline=base_figures,
        mix_duration_s=mix_time,
        baseline_duration_s=baseline_time,
    )
    result["users"] = len(vus)
    result["accounts"] = sorted(signed_in)
    result["warm_up_errors"] = sum(p.errors for p in warm_up.pages.values())
    return result


def _look_around(vu: VirtualUser) -> None:
    vu.home()
    vu.caseload_api()


def _in_threads(
    vus: list[tuple[Login, VirtualUser]],
    seconds: float,
    step: Callable[[Login, VirtualUser], object],
) -> float:
    """Run `step` over and over in every user's thread until `seconds` have passed (once if
    0); the time it took, from the first start to the last finish."""
    start = time.monotonic()
    deadline = start + seconds

    def work(login: Login, vu: VirtualUser) -> None:
        while True:
            step(login, vu)
            if time.monotonic() >= deadline:
                return

    threads = [threading.Thread(target=work, args=pair, daemon=True) for pair in vus]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - start
