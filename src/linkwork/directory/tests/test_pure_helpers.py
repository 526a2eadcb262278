"""Distance, ranking, freshness, display and model mapping: pure functions."""

from __future__ import annotations

import doctest
import importlib
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from linkwork.directory import display, freshness, geo, mapping, ranking


def test_haversine_matches_known_distances() -> None:
    # Glasgow Queen Street to Edinburgh Waverley: 67.0 km as the crow flies.
    assert geo.haversine_km(55.8622, -4.2511, 55.9520, -3.1890) == pytest.approx(67.0, abs=0.5)
    # London to Paris (Charing Cross to Notre-Dame) is about 343 km.
    assert geo.haversine_km(51.5080, -0.1247, 48.8530, 2.3499) == pytest.approx(343, abs=2)
    assert geo.haversine_km(55.0, -4.0, 55.0, -4.0) == 0.0
    # Symmetric.
    assert geo.haversine_km(1, 2, 3, 4) == pytest.approx(geo.haversine_km(3, 4, 1, 2))


def test_bounding_box_holds_every_point_within_the_distance() -> None:
    low_lat, high_lat, low_lon, high_lon = geo.bounding_box(55.86, -4.25, 10)
    for lat, lon in ((55.86 + 0.0899, -4.25), (55.86, -4.25 + 0.159), (55.86 - 0.0899, -4.25)):
        assert geo.haversine_km(55.86, -4.25, lat, lon) <= 10.01
        assert low_lat <= lat <= high_lat
        assert low_lon <= lon <= high_lon


@pytest.mark.parametrize(
    ("km", "text"),
    [
        (0.01, "under 0.1 miles"),
        (1.93, "1.2 miles"),
        (1.609344, "1 mile"),
        (3.2187, "2 miles"),
        (16.1, "10 miles"),
    ],
)
def test_distance_text(km: float, text: str) -> None:
    assert geo.distance_text(km) == text


def test_search_terms_and_combined_score() -> None:
    assert ranking.search_terms("The Carers' groups, in Leith!") == ["carer", "group", "leith"]
    assert ranking.search_terms("and the of") == []
    assert ranking.combined_score(0.8, None) == 0.8
    assert ranking.combined_score(1.0, 5.0) == 0.5
    assert ranking.combined_score(1.0, 1.0) > ranking.combined_score(1.0, 2.0)


def test_freshness() -> None:
    today = date(2025, 7, 1)
    assert freshness.is_stale(None, today, 183)
    assert freshness.is_stale(date(2024, 12, 29), today, 183)
    assert not freshness.is_stale(date(2024, 12, 30), today, 183)
    assert not freshness.is_stale(today, today, 183)


def test_display_texts() -> None:
    assert display.age_range_text(Decimal("0.50"), Decimal("4")) == "0.5 to 4"
    assert display.cost_text(Decimal("35"), "per 1 hour session") == "£35.00 per 1 hour session"
    assert display.cost_text(None) == "Charge not stated"
    assert (
        display.schedule_text(
            freq="WEEKLY", interval=2, byday="MO,WE,FR", opens_at="09:00", closes_at=""
        )
        == "Every 2 weeks on Monday, Wednesday and Friday, from 09:00"
    )
    assert (
        display.schedule_text(freq="MONTHLY", interval=1, byday="-1FR", opens_at="", closes_at="")
        == "Monthly: the last Friday"
    )


def test_mapping_round_trips_every_kind_of_value() -> None:
    row = {
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "organization_id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610",
        "name": "Community Counselling",
        "description": None,
        "url": None,
        "email": None,
        "status": "active",
        "fees": None,
        "accreditations": None,
        "minimum_age": Decimal("0.5"),
        "maximum_age": 100,
        "assured_date": "2005-01-01",
        "assurer_email": None,
        "alert": None,
        "last_modified": "2023-03-15T10:30:45.123Z",
    }
    values = mapping.model_values("service", row)
    assert values["organization_id"] == uuid.UUID(str(row["organization_id"]))
    assert values["assured_date"] == date(2005, 1, 1)
    assert values["last_modified"] == datetime(2023, 3, 15, 10, 30, 45, 123000, tzinfo=UTC)
    assert values["description"] == ""
    assert mapping.canonical_row("service", {"id": uuid.UUID(str(row["id"])), **values}) == row


def test_mapping_renames_references_that_may_point_outside_the_dataset() -> None:
    values = mapping.model_values(
        "attribute", {"link_id": "f28dd44b-0c4d-479f-8e90-4c52219a8b3c", "link_type": None}
    )
    assert set(values) == {"link_ref", "link_type"}
    schedule = mapping.model_values("schedule", {"opens_at": "10:15:00", "closes_at": None})
    assert (schedule["opens_minute"], schedule["closes_minute"]) == (615, None)
    location = mapping.model_values("location", {"latitude": 100, "longitude": Decimal("-4.25")})
    assert location == {"latitude": 100.0, "longitude": -4.25}
    assert not mapping.usable_point(100, 101)


@pytest.mark.parametrize(
    "module",
    [
        "linkwork.directory.display",
        "linkwork.directory.freshness",
        "linkwork.directory.geo",
        "linkwork.directory.mapping",
        "linkwork.directory.needs",
        "linkwork.directory.ranking",
        "linkwork.directory.oruk.read_json",
        "linkwork.directory.oruk.values",
    ],
)
def test_doctests(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0
    assert failures == 0
