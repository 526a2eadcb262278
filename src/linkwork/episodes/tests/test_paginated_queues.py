"""Home pages preview each queue (the first rows and the total, linking to the full list) and
the full lists are paginated; a home page runs the same queries however long its queues are.
Page sizes are set small here so that a few referrals fill more than a page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.testing.query_budget import (
    Measurement,
    count_matches,
    measure,
    statement_shape,
)
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_pages")]

NAMES = re.compile(r"Pager([A-Z])\b")


def person(letter: str) -> dict[str, object]:
    return {"family_name": f"Pager{letter}", "date_of_birth": date(1950, 1, ord(letter) - 60)}


def names(html: str) -> set[str]:
    return set(NAMES.findall(html))


Maker = Callable[..., Referral]
# list name, who reads it, how its rows are made
LISTS: list[tuple[str, dict[str, str], Role, Maker]] = [
    ("episodes:caseload_queue", {"queue": "triage"}, Role.SCHEME_MANAGER, refer),
    ("episodes:caseload_queue", {"queue": "waiting"}, Role.LINK_WORKER, refer_and_start),
    ("episodes:my_referrals", {}, Role.REFERRER_GP, refer),
    ("episodes:practice_referrals", {}, Role.PRACTICE_MANAGER, refer),
]


def _client(world: SmallWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize(("name", "kwargs", "role", "make"), LISTS)
def test_a_full_list_shows_a_page_at_a_time(
    world: SmallWorld, name: str, kwargs: dict[str, str], role: Role, make: Maker
) -> None:
    for letter in "ABC":
        make(world, person=person(letter))
    client = _client(world, role)
    url = reverse(name, kwargs=kwargs)
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    assert len(names(first)) == 2
    assert len(names(second)) == 1
    assert names(first) | names(second) == {"A", "B", "C"}
    assert "Page 2 of 2" in first
    assert 'rel="next"' in first
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
    # A mistyped page shows the first; one past the end, the last.
    mistyped = client.get(url, {"page": "abc"})
    past_end = client.get(url, {"page": "9999"})
    assert mistyped.status_code == past_end.status_code == 200
    assert names(mistyped.content.decode()) == names(first)
    assert names(past_end.content.decode()) == names(second)


@pytest.mark.parametrize(
    ("role", "make", "shown", "link"),
    [
        (Role.SCHEME_MANAGER, refer, "Showing 2 of 3 referrals to triage.", "/caseload/triage/"),
        (Role.LINK_WORKER, refer_and_start, "Showing 2 of 3 people waiting.", "/caseload/waiting/"),
        (Role.REFERRER_GP, refer, "Showing 2 of 3 referrals.", "/referrals/mine/"),
        (Role.PRACTICE_MANAGER, refer, "Showing 2 of 3 referrals.", "/referrals/practice/"),
    ],
)
def test_a_home_page_previews_its_queue_and_links_to_all_of_it(
    world: SmallWorld, role: Role, make: Maker, shown: str, link: str
) -> None:
    for letter in "ABC":
        make(world, person=person(letter))
    html = _client(world, role).get(reverse("accounts:home")).content.decode()
    assert len(names(html)) == 2
    assert shown in html
    assert f'href="{link}">See all 3' in html


def test_a_short_queue_says_nothing_about_more(world: SmallWorld) -> None:
    refer(world, person=person("A"))
    html = _client(world, Role.SCHEME_MANAGER).get(reverse("accounts:home")).content.decode()
    assert names(html) == {"A"}
    assert 'data-testid="queue-more"' not in html


def test_safety_information_is_previewed_and_listed_in_pages(world: SmallWorld) -> None:
    for letter in "ABC":
        refer(world, person=person(letter), risk_flags=["lone_working_caution"])
    client = _client(world, Role.SCHEME_MANAGER)
    home = client.get(reverse("accounts:home")).content.decode()
    callout = home.split('data-testid="safety-to-act-on"', 1)[1].split("</div>", 1)[0]
    assert len(names(callout)) == 2
    assert "Showing 2 of 3 referrals with safety information to act on." in callout
    url = reverse("episodes:caseload_queue", kwargs={"queue": "safety"})
    assert len(names(client.get(url, {"page": "2"}).content.decode())) == 1


def test_an_unknown_queue_is_not_found_and_others_have_no_caseload(world: SmallWorld) -> None:
    manager = _client(world, Role.SCHEME_MANAGER)
    assert manager.get("/caseload/everyone/").status_code == 404
    url = reverse("episodes:caseload_queue", kwargs={"queue": "triage"})
    assert _client(world, Role.REFERRER_GP).get(url).status_code == 403


def test_the_home_page_runs_the_same_queries_past_a_page_of_referrals(
    world: SmallWorld,
) -> None:
    """Measured with one referral to triage, with five and with nine: the page shows two (its
    preview) and the total. A queue that fits its preview is counted as it is read; a longer
    one costs one count more, and then nothing more however long it grows."""
    refer(world, person=person("A"))
    client = _client(world, Role.SCHEME_MANAGER)

    def home() -> Measurement:
        return measure(lambda: client.get(reverse("accounts:home")), count_matches(NAMES.pattern))

    home()  # one-off work (the session's first use) is not measured
    short = home()
    for letter in "BCDE":
        refer(world, person=person(letter))
    past = home()
    for letter in "FGHI":
        refer(world, person=person(letter))
    longer = home()
    assert (short.rows, past.rows, longer.rows) == (1, 2, 2)
    shapes = [Counter(map(statement_shape, m.queries)) for m in (short, past, longer)]
    assert shapes[2] == shapes[1]
    assert past.count == short.count + 1

    def counts(m: Measurement) -> int:
        return sum(sql.startswith("SELECT COUNT(*)") for sql in m.queries)

    assert counts(past) == counts(short) + 1
