"""Finding services and suggesting them for a referral, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from linkwork.directory.geo import miles_to_km
from linkwork.directory.search import SearchFilters, service_search
from linkwork.directory.selectors import postcode_point, stale_services, suggested_services
from linkwork.directory.tests.factories import POSTCODES, add_postcodes, add_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(world):
    add_postcodes()
    today = timezone.localdate()
    return {
        "cafe": add_service(
            "Friendship café",
            needs=("loneliness_isolation",),
            postcode="G1 1AA",
            minimum_age=18,
            byday="MO",
            region=world.scotland,
            description="Tea, cake and company every Monday morning.",
        ),
        "phone": add_service(
            "Befriending phone line",
            needs=("loneliness_isolation",),
            byday="TU",
            capacity="waiting_list",
            description="A volunteer rings you every week for a chat and some friendship.",
        ),
        "walk": add_service(
            "Walking groups",
            needs=("loneliness_isolation", "long_term_condition_lifestyle"),
            postcode="PA1 1AA",
            amount=3,
            byday="WE",
            opens_at="14:00",
            closes_at="15:30",
            region=world.scotland,
            verified_on=today - timedelta(days=200),
        ),
        "debt": add_service(
            "Debt advice",
            needs=("debt_benefits_money",),
            postcode="G12 8AA",
            minimum_age=16,
            byday="MO,TH",
            capacity="paused",
            region=world.scotland,
            provider="Clydeside Advice",
        ),
        "youth": add_service(
            "Youth counselling",
            needs=("mental_wellbeing",),
            postcode="G12 8AA",
            minimum_age=11,
            maximum_age=25,
            capacity="closed",
            region=world.scotland,
        ),
        "lunch": add_service(
            "Edinburgh lunch club",
            needs=("loneliness_isolation",),
            postcode="EH1 1AA",
            minimum_age=65,
            amount=4,
            byday="FR",
            region=world.england,
        ),
        "gone": add_service(
            "Old drop-in",
            needs=("loneliness_isolation",),
            postcode="G1 1AA",
            status="defunct",
            region=world.scotland,
        ),
    }


def found(**filters) -> list[str]:
    return [hit.name for hit in service_search(SearchFilters(**filters))]


def test_free_text_finds_by_name_before_description(services) -> None:
    assert found(text="friendship")[:2] == ["Friendship café", "Befriending phone line"]
    assert found(text="debt advice") == ["Debt advice"]
    assert found(text="walking group") == ["Walking groups"]
    assert found(text="clydeside") == ["Debt advice"]  # the provider's name counts too
    assert found(text="the and of") == found()  # nothing worth searching for: no filter


def test_filters(services) -> None:
    assert found(needs=("debt_benefits_money",)) == ["Debt advice"]
    assert "Edinburgh lunch club" not in found(age=Decimal(40))
    assert "Friendship café" not in found(age=Decimal(17))
    assert "Youth counselling" in found(age=Decimal(17))
    assert set(found(cost="paid")) == {"Walking groups", "Edinburgh lunch club"}
    assert "Walking groups" not in found(cost="free")
    assert found(day="TH") == ["Debt advice"]
    assert found(capacities=("waiting_list",)) == ["Befriending phone line"]
    assert set(found(statuses=("defunct",))) == {"Old drop-in"}
    assert "Edinburgh lunch club" not in found(region_id=services["cafe"].region_id)


def test_nearest_first_from_a_postcode(services) -> None:
    origin = postcode_point("g1 1aa")
    assert origin == POSTCODES["G1 1AA"]
    hits = service_search(SearchFilters(origin=origin, statuses=("active",)))
    located = [
        (hit.name, -1 if hit.distance_km is None else round(hit.distance_km)) for hit in hits
    ]
    assert located == [
        ("Friendship café", 0),
        ("Debt advice", 3),
        ("Youth counselling", 3),
        ("Walking groups", 11),
        ("Edinburgh lunch club", 67),
        ("Befriending phone line", -1),  # no location: after every measured one
    ]
    within = found(origin=origin, within_km=miles_to_km(5), statuses=("active",))
    assert within == ["Friendship café", "Debt advice", "Youth counselling"]


def test_relevance_and_distance_together(services) -> None:
    origin = postcode_point("PA1 1AA")
    hits = service_search(SearchFilters(text="friendship", origin=origin))
    assert [hit.name for hit in hits] == ["Friendship café", "Befriending phone line"]
    assert hits[0].distance_km == pytest.approx(10.9, abs=0.3)


def test_suggestions_open_first_then_nearest_and_only_eligible(services) -> None:
    suggestions = suggested_services(needs=["loneliness_isolation"], age=70, postcode="G1 1AA")
    assert [(s.service.name, s.distance_text) for s in suggestions] == [
        ("Friendship café", "under 0.1 miles"),
        ("Walking groups", "6.8 miles"),
        ("Edinburgh lunch club", "42 miles"),
        ("Befriending phone line", None),  # a waiting list comes after every open service
    ]
    young = suggested_services(needs=["loneliness_isolation"], age=17, postcode="G1 1AA")
    assert [s.service.name for s in young] == ["Walking groups", "Befriending phone line"]


def test_suggestions_leave_out_paused_closed_and_inactive_services(services) -> None:
    names = {
        s.service.name
        for s in suggested_services(
            needs=["debt_benefits_money", "mental_wellbeing", "loneliness_isolation"],
            age=20,
            postcode=None,
        )
    }
    assert names.isdisjoint({"Debt advice", "Youth counselling", "Old drop-in"})


def test_suggestions_prefer_services_meeting_more_needs(services) -> None:
    add_service(
        "Walking groups too",
        needs=("loneliness_isolation",),
        postcode="PA1 1AA",
        byday="WE",
    )
    suggestions = suggested_services(
        needs=["loneliness_isolation", "long_term_condition_lifestyle"], age=40, postcode="PA1 1AA"
    )
    assert [s.service.name for s in suggestions[:2]] == ["Walking groups", "Walking groups too"]
    assert suggestions[0].matched_needs == (
        "loneliness_isolation",
        "long_term_condition_lifestyle",
    )


def test_suggestions_in_a_region_include_national_services(services, world) -> None:
    names = [
        s.service.name
        for s in suggested_services(
            needs=["loneliness_isolation"], age=70, postcode=None, region=world.england
        )
    ]
    assert names == ["Edinburgh lunch club", "Befriending phone line"]


def test_suggestions_cope_with_unknown_postcodes_and_needs(services) -> None:
    assert suggested_services(needs=[], age=30, postcode="G1 1AA") == []
    assert suggested_services(needs=["not_a_need"], age=30, postcode=None) == []
    anywhere = suggested_services(needs=["loneliness_isolation"], age=30, postcode="ZZ99 9ZZ")
    assert {s.distance_km for s in anywhere} == {None}
    assert (
        len(suggested_services(needs=["loneliness_isolation"], age=30, postcode=None, limit=1)) == 1
    )


def test_stale_entries_follow_the_configured_period(services, settings) -> None:
    assert [s.name for s in stale_services(region_ids=None)] == ["Walking groups"]
    settings.DIRECTORY_STALE_AFTER_DAYS = 300
    assert list(stale_services(region_ids=None)) == []
    settings.DIRECTORY_STALE_AFTER_DAYS = 0  # checked today is still current
    assert [s.name for s in stale_services(region_ids={services["cafe"].region_id})] == [
        "Walking groups"
    ]
    assert list(stale_services(region_ids={services["lunch"].region_id})) == []
