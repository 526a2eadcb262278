"""The caseload selector: each filter keeps exactly the episodes it names, each sort orders
them, and a link worker's caseload is their own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.caseload.selectors import (
    CaseloadFilters,
    caseload_counts,
    caseload_rows,
    caseload_scope,
    with_flags,
)
from linkwork.diary.models import DiarySettings
from linkwork.episodes.models import Referral
from linkwork.episodes.services.lifecycle import referral_set_at_risk
from linkwork.testing.world import SmallWorld

from .conftest import Start, book, session, today

pytestmark = pytest.mark.django_db


def names(world: SmallWorld, role: Role = Role.SCHEME_MANAGER, **filters: Any) -> list[str]:
    scope = caseload_scope(user=world.users[role])
    rows = caseload_rows(
        scope,
        CaseloadFilters(**filters),
        today=today(),
        now=timezone.now(),
    )
    return [r.person.family_name for r in rows]


@pytest.fixture
def cast(world: SmallWorld, start: Start, waiting_unassigned: Callable[[str], Referral]) -> dict:
    """Ames: seen 3 days ago, booked tomorrow. Baker: seen 40 days ago, nothing booked (gone
    quiet), at risk. Cole: never seen, referred 60 days ago, missed 3 in a row (ready to close).
    Dunn: accepted, nobody assigned, referred 30 days ago, a housing referral."""
    ames = start("Ames", days_ago=20)
    session(world, ames, days_ago=3)
    book(world, ames, days_ahead=1)
    baker = start("Baker", days_ago=50)
    session(world, baker, days_ago=40)
    referral_set_at_risk(
        referral=baker, actor=world.users[Role.LINK_WORKER], at_risk=True, reason="Said so"
    )
    cole = start("Cole", days_ago=60)
    for days in (30, 20, 10):
        session(world, cole, days_ago=days, attended=False)
    dunn = waiting_unassigned("Dunn")
    Referral.objects.filter(pk=dunn.pk).update(reasons=["housing"])
    return {"ames": ames, "baker": baker, "cole": cole, "dunn": dunn}


def test_default_is_every_open_episode_by_name(world: SmallWorld, cast: dict) -> None:
    assert names(world) == ["Ames", "Baker", "Cole", "Dunn"]


def test_a_link_worker_sees_only_their_own(world: SmallWorld, cast: dict) -> None:
    assert names(world, Role.LINK_WORKER) == ["Ames", "Baker", "Cole"]


def test_status(world: SmallWorld, cast: dict) -> None:
    assert names(world, statuses=("accepted",)) == ["Dunn"]
    assert names(world, statuses=("active",)) == ["Ames", "Baker"]


def test_risk(world: SmallWorld, cast: dict) -> None:
    assert names(world, risk="at_risk") == ["Baker"]
    assert names(world, risk="none") == ["Ames", "Cole", "Dunn"]


def test_waiting_time(world: SmallWorld, cast: dict) -> None:
    # No first session yet, referred at least this long ago.
    assert names(world, waiting_days=28) == ["Cole", "Dunn"]
    assert names(world, waiting_days=56) == ["Cole"]


def test_last_contact(world: SmallWorld, cast: dict) -> None:
    assert names(world, last_contact="never") == ["Cole", "Dunn"]
    assert names(world, last_contact="28") == ["Baker", "Cole", "Dunn"]
    assert names(world, last_contact="quiet") == ["Baker", "Cole"]


def test_gone_quiet_follows_the_schemes_days(world: SmallWorld, cast: dict) -> None:
    DiarySettings.objects.create(scheme=world.scheme, missed_contacts=3, quiet_days=45)
    assert names(world, last_contact="quiet") == ["Cole"]


def test_next_appointment(world: SmallWorld, cast: dict) -> None:
    assert names(world, next_appointment="booked") == ["Ames"]
    assert names(world, next_appointment="none") == ["Baker", "Cole", "Dunn"]
    assert names(world, next_appointment="7") == ["Ames"]


def test_link_worker_and_practice(world: SmallWorld, cast: dict) -> None:
    assert names(world, link_worker="none") == ["Dunn"]
    me = str(world.users[Role.LINK_WORKER].pk)
    assert names(world, link_worker=me) == ["Ames", "Baker", "Cole"]
    assert names(world, practice=world.practice.pk) == ["Ames", "Baker", "Cole", "Dunn"]
    assert names(world, practice=world.practice_b.pk) == []


def test_reason(world: SmallWorld, cast: dict) -> None:
    assert names(world, reason="housing") == ["Dunn"]
    assert names(world, reason="loneliness_isolation") == ["Ames", "Baker", "Cole"]


def test_ready_to_close_as_did_not_engage(world: SmallWorld, cast: dict) -> None:
    assert names(world, flag="did_not_engage") == ["Cole"]
    DiarySettings.objects.create(scheme=world.scheme, missed_contacts=4, quiet_days=21)
    assert names(world, flag="did_not_engage") == []


def test_an_attended_session_resets_the_missed_count(world: SmallWorld, cast: dict) -> None:
    session(world, cast["cole"], days_ago=5)
    assert names(world, flag="did_not_engage") == []
    for days in (4, 3, 2):
        session(world, cast["cole"], days_ago=days, attended=False)
    assert names(world, flag="did_not_engage") == ["Cole"]


def test_search_by_name_and_number(world: SmallWorld, cast: dict) -> None:
    assert names(world, search="bak") == ["Baker"]
    assert names(world, search="Ada Cole") == ["Cole"]
    person = cast["dunn"].person
    person.nhs_number = "9434765919"
    person.save(update_fields=["nhs_number"])
    assert names(world, search="943 476 5919") == ["Dunn"]
    assert names(world, search="9434765918") == []


def test_sorts(world: SmallWorld, cast: dict) -> None:
    assert names(world, sort="waiting") == ["Cole", "Baker", "Dunn", "Ames"]
    assert names(world, sort="recent")[0] == "Ames"
    # Never contacted first, then the longest ago.
    assert names(world, sort="last_contact")[:2] in (["Cole", "Dunn"], ["Dunn", "Cole"])
    assert names(world, sort="last_contact")[2:] == ["Baker", "Ames"]
    assert names(world, sort="next_appointment")[0] == "Ames"


def test_counts_and_flags(world: SmallWorld, cast: dict) -> None:
    scope = caseload_scope(user=world.users[Role.SCHEME_MANAGER])
    counts = caseload_counts(scope, today=today(), now=timezone.now())
    assert {s.value: n for s, n in counts.by_status.items()} == {
        "received": 0,
        "accepted": 1,
        "waiting": 1,
        "active": 2,
    }
    assert (counts.at_risk, counts.gone_quiet, counts.did_not_engage, counts.unassigned) == (
        1,
        2,
        1,
        1,
    )
    rows = with_flags(
        scope,
        list(caseload_rows(scope, CaseloadFilters(), today=today(), now=timezone.now())),
        today=today(),
    )
    flagged = {
        r.person.family_name: (r.gone_quiet, r.ready_to_close)  # type: ignore[attr-defined]
        for r in rows
    }
    assert flagged == {
        "Ames": (False, False),
        "Baker": (True, False),
        "Cole": (True, True),
        "Dunn": (False, False),
    }
