"""`--scale` names a multiple of the demo or a share of a national year, and a world beyond the
demo grows its practices, schemes and link workers with its referrals."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from linkwork.accounts.models import Membership
from linkwork.accounts.roles import Role
from linkwork.demo.context import DemoContext, part_stream, registered_parts
from linkwork.demo.scale import (
    CASELOAD,
    NATIONAL_SCALE,
    ScaleError,
    parse_scale,
)
from linkwork.demo.world_spec import EXPECTED_COUNTS
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Region


def test_scale_reads_multiples_and_shares_of_a_national_year() -> None:
    assert parse_scale("1") == 1.0
    assert parse_scale("0.2") == 0.2
    assert parse_scale("national") == NATIONAL_SCALE
    assert parse_scale("0.1national") == pytest.approx(NATIONAL_SCALE / 10)
    assert parse_scale("1/100national") == pytest.approx(NATIONAL_SCALE / 100)
    assert parse_scale(" 1/4 National ") == pytest.approx(NATIONAL_SCALE / 4)
    for bad in ("", "big", "1/0national", "-1", "0national", "nationalish"):
        with pytest.raises(ScaleError, match="--scale"):
            parse_scale(bad)


@pytest.mark.django_db
def test_the_command_names_the_scale_it_cannot_read() -> None:
    with pytest.raises(CommandError, match="--scale 'huge' is not a number"):
        call_command("demo", "--scale", "huge")


def _registry(scale: float) -> DemoContext:
    ctx = DemoContext(seed=5, scale=scale, today=date(2026, 10, 31), log=lambda _: None)
    for part in registered_parts():
        if part.name in {"lookups", "registry"}:
            ctx.rng = part_stream(ctx.seed, part.name)
            with transaction.atomic():
                part.build(ctx)
    return ctx


@pytest.mark.django_db
def test_a_share_of_a_national_year_has_its_share_of_practices_and_link_workers() -> None:
    scale = parse_scale("0.2national")
    ctx = _registry(scale)
    practices = Organisation.objects.filter(kind=OrgKind.GP_PRACTICE.value).count()
    assert 0.2 * 7_400 <= practices <= 0.2 * 7_400 + 350  # whole regions are added
    assert Region.objects.count() > len(EXPECTED_COUNTS)
    assert Organisation.objects.filter(kind=OrgKind.PCN.value).count() > 250
    workers = Membership.objects.filter(role=Role.LINK_WORKER.value).count()
    referrals = 0.2 * 1_500_000
    # A national caseload per link worker, give or take each scheme's rounding.
    assert referrals / workers == pytest.approx(CASELOAD, rel=0.15)
    # Referrals per patient are diluted over the added regions, so the total follows the scale.
    assert ctx.intensity < scale


@pytest.mark.django_db(transaction=True)
def test_the_study_regions_are_the_same_at_any_scale() -> None:
    _registry(1.0)
    small = set(Organisation.objects.values_list("id", "name", "list_size", "postcode"))
    call_command("flush", interactive=False, verbosity=0)
    _registry(parse_scale("0.2national"))
    large = set(Organisation.objects.values_list("id", "name", "list_size", "postcode"))
    assert small < large
