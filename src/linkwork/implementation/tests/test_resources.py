"""Resources and workforce beside integration on the dashboards: each practice's funds,
protected time, hosted WTE and continuity of link worker cover, and caseload per WTE only for
practices taken together, under disclosure control; the demo says its caseload is a sample."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.clock import today
from linkwork.implementation.assessment import default_period
from linkwork.implementation.resources import (
    SUPPRESSED,
    practice_caseload,
    resources_by_classification,
)
from linkwork.implementation.tests.helpers import Cast, client_for
from linkwork.testing.world import SmallWorld, make_user, refer_and_start
from linkwork.workforce.models import LinkWorkerPost
from linkwork.workforce.practice_workforce import PracticeWorkforce, practice_workforce
from linkwork.workforce.services import fund_record, post_create, protected_time_record

pytestmark = pytest.mark.django_db


def _resources(world: SmallWorld) -> None:
    period = default_period()
    manager = world.users[Role.SCHEME_MANAGER]
    fund_record(
        actor=manager,
        scheme=world.scheme,
        practice=world.practice,
        amount_gbp=Decimal("28000"),
        period_start=period.start - timedelta(days=200),
        period_end=period.end + timedelta(days=300),
        purpose="gp_time",
    )
    fund_record(
        actor=manager,
        scheme=world.scheme,
        practice=world.practice,
        amount_gbp=Decimal("7000"),
        period_start=period.start - timedelta(days=200),
        period_end=period.end + timedelta(days=300),
        purpose="other",
    )
    # Ended before the period: not in force.
    fund_record(
        actor=manager,
        scheme=world.scheme,
        practice=world.practice,
        amount_gbp=Decimal("999"),
        period_start=period.start - timedelta(days=400),
        period_end=period.start - timedelta(days=1),
        purpose="other",
    )
    protected_time_record(
        actor=manager,
        scheme=world.scheme,
        practice=world.practice,
        staff_name="Dr Ada Reid",
        staff_group="gp",
        period_start=period.start - timedelta(days=30),
        period_end=period.end + timedelta(days=30),
        hours_per_week=Decimal("4"),
        extra_consultation_minutes=600,
        how_used="Longer appointments",
    )


def _post(world: SmallWorld, holder: Any, practices: list[Any], **kwargs: Any) -> LinkWorkerPost:
    period = default_period()
    post = post_create(
        actor=world.users[Role.SCHEME_MANAGER],
        scheme=world.scheme,
        holder=holder,
        line_manager=None,
        employer=world.pcn,
        contracted_hours=Decimal("37.5"),
        started_on=kwargs.get("started_on", period.start - timedelta(days=100)),
        practices=practices,
    )
    if "ended_on" in kwargs:
        post.ended_on = kwargs["ended_on"]
        post.save()
    return post


def test_a_practices_resources_and_cover_in_the_period(world: SmallWorld) -> None:
    period = default_period()
    _resources(world)
    world.scheme.practices.add(world.practice_b)
    _post(world, world.users[Role.LINK_WORKER], [world.practice, world.practice_b])
    facts = practice_workforce(
        practice_ids=[world.practice.pk, world.practice_b.pk], start=period.start, end=period.end
    )
    mine = facts[world.practice.pk]
    assert (mine.funds_gbp, mine.gp_time_gbp) == (Decimal("35000"), Decimal("28000"))
    assert (mine.protected_hours, mine.extra_minutes) == (Decimal("4"), 600)
    assert mine.uses == ("Longer appointments",)
    # A full-time post shared by two practices: half its WTE at each.
    assert mine.hosted_wte == Decimal("0.50")
    assert (mine.link_workers, mine.same_link_worker) == (1, True)
    assert facts[world.practice_b.pk].funds_gbp == 0


def test_a_second_link_worker_in_the_period_breaks_continuity(world: SmallWorld) -> None:
    period = default_period()
    _post(
        world,
        world.users[Role.LINK_WORKER],
        [world.practice],
        ended_on=period.start + timedelta(days=20),
    )
    _post(
        world, world.extra["colleague"], [world.practice], started_on=period.start + timedelta(21)
    )
    mine = practice_workforce(practice_ids=[world.practice.pk], start=period.start, end=period.end)[
        world.practice.pk
    ]
    assert (mine.link_workers, mine.same_link_worker) == (2, False)
    # Only the post still filled at the period's end counts towards hosted WTE.
    assert mine.hosted_wte == Decimal("1.00")


def _result(code: str) -> Any:
    return SimpleNamespace(
        practice_id=code, assessment=SimpleNamespace(classification=code.split("-")[0])
    )


def test_caseload_by_classification_hides_small_counts_and_what_reveals_them() -> None:
    facts = {
        "fully_integrated-1": PracticeWorkforce(hosted_wte=Decimal("1"), open_episodes=31),
        "partially_integrated-1": PracticeWorkforce(hosted_wte=Decimal("1"), open_episodes=4),
        "not_integrated-1": PracticeWorkforce(hosted_wte=Decimal("2"), open_episodes=22),
    }
    rows = {
        r.code: r
        for r in resources_by_classification(
            [_result(k) for k in facts],
            facts,  # type: ignore[arg-type]
        )
    }
    assert rows["partially_integrated"].open_episodes == SUPPRESSED
    assert rows["partially_integrated"].caseload_per_wte == SUPPRESSED
    # With the total shown, one more group must go, or 4 = total - the others.
    shown = [r for r in rows.values() if r.open_episodes != SUPPRESSED]
    assert len(shown) == 2
    for row in shown:
        assert int(row.open_episodes) % 5 == 0
        assert row.caseload_per_wte == f"{int(row.open_episodes) / float(row.hosted_wte):.1f}"
    assert rows["all"].practices == 3


def test_a_practices_own_caseload_is_hidden_under_ten_people() -> None:
    assert practice_caseload(PracticeWorkforce(hosted_wte=Decimal("1"), open_episodes=3)) == "[c]"
    assert practice_caseload(PracticeWorkforce(hosted_wte=Decimal("2"), open_episodes=30)) == "15.0"
    assert practice_caseload(PracticeWorkforce()) == "n/a"


def test_the_scheme_dashboard_sets_resources_beside_integration(cast: Cast) -> None:
    _resources(cast.world)
    _post(cast.world, cast.lw, [cast.practice])
    url = reverse("implementation:scheme_dashboard", args=[cast.scheme.slug])
    page = client_for(cast.sm).get(url).content.decode()
    assert "Resources and workforce beside integration" in page
    row = page.split(f'data-practice="{cast.practice.pk}"')[-1].split("</tr>")[0]
    assert "£35,000" in row
    assert "£28,000" in row
    assert ">1.00<" in row
    assert ">Yes<" in row
    assert 'data-testid="demo-caseload"' not in page


def test_the_practice_dashboard_shows_the_practices_resources(cast: Cast) -> None:
    _resources(cast.world)
    _post(cast.world, cast.lw, [cast.practice])
    period = default_period()
    refer_and_start(cast.world, received_on=period.start)
    url = reverse("implementation:practice_dashboard", args=[cast.practice.pk])
    page = client_for(cast.pm).get(url).content.decode()
    block = page.split('data-testid="practice-resources"')[1].split("</dl>")[0]
    assert "£35,000, £28,000 of it for GP time" in block
    assert "4.0 hours a week; 600 extra consultation minutes (Longer appointments)" in block
    assert "One link worker throughout the period" in block
    assert "[c]" in block


def test_the_demo_says_its_caseload_is_a_sample(cast: Cast) -> None:
    # The demo app sits above this one: reached through the registry, as the page does.
    apps.get_model("demo", "DemoBuild").objects.create(
        part="casework", seed=1, reference_date=today()
    )
    for url, user in (
        (reverse("implementation:scheme_dashboard", args=[cast.scheme.slug]), cast.sm),
        (reverse("implementation:practice_dashboard", args=[cast.practice.pk]), cast.pm),
        (reverse("workforce:indicators"), cast.sm),
    ):
        page = client_for(user).get(url).content.decode()
        assert 'data-testid="demo-caseload"' in page, url
        assert "casework is a sample of a year" in page, url


def test_a_link_worker_does_not_see_the_scheme_resources(cast: Cast) -> None:
    url = reverse("implementation:scheme_dashboard", args=[cast.scheme.slug])
    assert client_for(cast.lw).get(url).status_code == 403
    outsider = make_user(
        "outsider-sm",
        role=Role.SCHEME_MANAGER,
        organisation=cast.world.hscp,
        scheme=cast.world.scot_scheme,
    )
    assert client_for(outsider).get(url).status_code == 404
