"""The demo world reproduces the mapping study's counts, and building it twice is safe."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.demo.parts.staff_logins import DEMO_LOGINS
from linkwork.demo.world_spec import EXPECTED_COUNTS, PLACE_POSTCODE_DISTRICTS
from linkwork.episodes.models import Referral
from linkwork.organisations.models import Organisation, Region, Scheme
from linkwork.organisations.selectors import policy_input, scheme_delivery_model, scheme_list
from linkwork.organisations.services import validate_policy

pytestmark = pytest.mark.django_db


def demo(*args: str, scale: str = "0.2") -> str:
    out = StringIO()
    # A fifth of the default activity keeps the suite quick; the registry does not scale.
    call_command("demo", "--scale", scale, *args, stdout=out)
    return out.getvalue()


def parts(output: str, prefix: str) -> set[str]:
    line = next((ln for ln in output.splitlines() if ln.startswith(prefix)), "")
    return {part.strip(" .") for part in line.removeprefix(prefix).split(",") if part.strip()}


def summary() -> dict[str, dict[str, int]]:
    out = StringIO()
    call_command("registry", "summary", "--format", "json", stdout=out)
    return {r["region"]: r["models"] for r in json.loads(out.getvalue())["regions"]}


def test_demo_world_matches_the_study_and_is_idempotent() -> None:
    output = demo("--seed", "11")
    assert {"lookups", "registry", "staff-logins", "casework"} <= parts(output, "Built:")
    assert "password for all: linkwork-demo" in output
    assert summary() == EXPECTED_COUNTS
    assert {region.name for region in Region.objects.all()} == set(EXPECTED_COUNTS)

    totals = (Organisation.objects.count(), Scheme.objects.count(), User.objects.count())
    again = demo("--seed", "11")
    assert parts(again, "Already built, left as they were:") == parts(output, "Built:")
    assert parts(again, "Built:") == set()
    assert (Organisation.objects.count(), Scheme.objects.count(), User.objects.count()) == totals

    with pytest.raises(CommandError, match="built with seed 11"):
        demo("--seed", "12")

    # Every demo login has an authenticator set up; --otp prints the code it shows now, and
    # that code (with the password) signs the person in.
    assert "linkwork demo --otp USERNAME" in output
    for login in DEMO_LOGINS:
        assert TOTPDevice.objects.filter(user__username=login.username, confirmed=True).exists()
    code = StringIO()
    call_command("demo", "--otp", "gp", stdout=code)
    assert re.fullmatch(r"\d{6}\n", code.getvalue())
    client = Client()
    client.post("/accounts/login/", {"username": "gp", "password": "linkwork-demo"})
    assert (
        client.post("/accounts/two-factor/", {"code": code.getvalue().strip()}).status_code == 302
    )
    assert client.get("/").status_code == 200
    with pytest.raises(CommandError, match="demo logins only"):
        call_command("demo", "--otp", "someone.real", stdout=StringIO())


def test_demo_world_is_valid_and_realistic() -> None:
    demo("--seed", "3")
    schemes = list(scheme_list())
    for scheme in schemes:
        assert not validate_policy(policy_input(scheme.policy)), scheme.name
        assert scheme_delivery_model(scheme).derived.model is not None, scheme.name
    practices = Organisation.objects.filter(kind="gp_practice")
    sizes = [p.list_size or 0 for p in practices]
    assert all(2_500 <= s <= 22_000 for s in sizes)
    # Lothian takes no self-referrals; Glasgow does; Greater Manchester is adults only.
    lothian = [s for s in schemes if s.region.name == "Lothian"]
    assert all("self" not in s.policy.accepted_sources for s in lothian)
    assert all(s.policy.age_band == "adults" for s in lothian)
    assert sorted(s.policy.session_cap or 0 for s in lothian) == [4, 6, 6, 12]
    glasgow = [s for s in schemes if s.region.name == "Greater Glasgow and Clyde"]
    assert all("self" in s.policy.accepted_sources for s in glasgow)
    thematic = {g for s in glasgow for g in s.policy.priority_groups}
    assert {"asylum_refugees", "homelessness"} <= thematic
    gm = [s for s in schemes if s.region.name == "Greater Manchester"]
    assert sum(s.policy.age_band == "over_50" for s in gm) == 1
    assert all(s.policy.age_band in {"adults", "over_50"} for s in gm)
    gm_vcses = {s.employer_id for s in gm if s.employer.kind == "vcse"}
    assert len(gm_vcses) == 10


def test_every_role_has_a_demo_login_that_works() -> None:
    demo("--seed", "5")
    roles = {login.role for login in DEMO_LOGINS}
    assert roles == set(Role)
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password("linkwork-demo")
        assert Membership.objects.filter(user=user, role=login.role.value).exists()
    assert Membership.objects.filter(role="link_worker").count() > 100


# --reset empties the database as a real run does, outside any test transaction.
@pytest.mark.django_db(transaction=True)
def test_same_seed_gives_the_same_ids() -> None:
    # A fiftieth of the demo: a scheme may have one link worker of its own, and the world
    # must still build whole.
    def ids() -> list[str]:
        schemes = Scheme.objects.values_list("pk", flat=True)
        referrals = Referral.objects.values_list("pk", flat=True)
        return sorted(str(pk) for pk in (*schemes, *referrals))

    demo("--seed", "21", scale="0.02")
    first = ids()
    assert Referral.objects.exists()
    demo("--reset", "--seed", "21", scale="0.02")
    assert ids() == first
    demo("--reset", "--seed", "22", scale="0.02")
    assert ids() != first


def test_scale_must_be_positive() -> None:
    with pytest.raises(CommandError, match="--scale must be greater than 0"):
        call_command("demo", "--scale", "0")


def test_casework_has_the_studies_variety() -> None:
    from django.db.models import Count, Q

    from linkwork.episodes.models import Referral

    demo("--seed", "8")
    referrals = Referral.objects.annotate(
        sessions=Count("encounters", filter=Q(encounters__attended=True))
    )
    total = referrals.count()
    assert total > 500
    statuses = set(referrals.values_list("status", flat=True))
    assert {"declined", "did_not_engage", "discharged", "active", "waiting"} <= statuses
    three_or_more = referrals.filter(sessions__gte=3).count() / total
    assert 0.38 <= three_or_more <= 0.52  # about 45% of those referred
    seen = referrals.filter(sessions__gte=1)
    assert seen.filter(sessions__lte=2).count() > 0.3 * seen.count()
    # Sources follow each scheme's policy: Lothian takes no self-referrals.
    assert (
        not referrals.filter(scheme__region__slug="lothian", source="self")
        .exclude(status="declined")
        .exists()
    )
    assert referrals.filter(
        scheme__region__slug="greater-glasgow-and-clyde", source="self"
    ).exists()
    declined_for_source = referrals.filter(decline_reason="source_not_accepted")
    assert declined_for_source.exists()
    # Recently discharged episodes have their summary written, as discharge would have.
    from datetime import timedelta

    from linkwork.demo.context import recorded_reference_date
    from linkwork.demo.parts.summaries import RECENT_DAYS
    from linkwork.episodes.models import EpisodeSummary

    built_on = recorded_reference_date()
    assert built_on is not None
    recent = referrals.filter(
        status="discharged", closed_on__gte=built_on - timedelta(days=RECENT_DAYS)
    )
    assert recent.exists()
    written = EpisodeSummary.objects.filter(referral__in=recent)
    assert written.count() == recent.count()
    assert written.filter(sent_by__isnull=False).exists()
    for summary in written[:20]:
        assert summary.content["person"]["name"]
        assert summary.created_at.date() == summary.referral.closed_on
    assert_the_directory_and_practices_sit_in_their_own_towns()


def town_of(name: str) -> str:
    """The town a demo service or PCN is named for: the longest known place it starts with."""
    towns = [t for t in PLACE_POSTCODE_DISTRICTS if name.startswith(f"{t} ")]
    assert towns, name
    return max(towns, key=len)


def outward(postcode: str) -> str:
    return postcode.split(" ")[0]


def assert_the_directory_and_practices_sit_in_their_own_towns() -> None:
    from collections import Counter

    from linkwork.directory.models import Address, Service

    # No twin listings: one service of a name from one provider in each region.
    listings = Counter(Service.objects.values_list("region_id", "name", "organization_id"))
    assert [key for key, count in listings.items() if count > 1] == []
    names = Counter(Service.objects.values_list("region_id", "name"))
    assert [key for key, count in names.items() if count > 1] == []
    # Each service is at a postcode of the town it is named for.
    misplaced = [
        (name, postcode)
        for name, postcode in Address.objects.values_list(
            "location__at_services__service__name", "postal_code"
        )
        if outward(postcode) not in PLACE_POSTCODE_DISTRICTS[town_of(name)]
    ]
    assert misplaced == []
    assert Address.objects.count() > 300
    # A scheme's practices, the ones its self-referral form offers, are all in one town, and
    # in the town the scheme is named for; each practice at a postcode of that town.
    english = Scheme.objects.filter(region__country="england").prefetch_related("practices__parent")
    for scheme in english:
        practices = list(scheme.practices.all())
        assert practices, scheme.name
        towns = {town_of(p.parent.name) for p in practices if p.parent is not None}
        assert len(towns) == 1, (scheme.name, towns)
        (town,) = towns
        if any(scheme.name.startswith(t) for t in PLACE_POSTCODE_DISTRICTS):
            assert town_of(scheme.name) == town, scheme.name
        assert all(outward(p.postcode) in PLACE_POSTCODE_DISTRICTS[town] for p in practices)
