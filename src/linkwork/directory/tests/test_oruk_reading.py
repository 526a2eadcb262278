"""The adapters, the resolver and the nesting writer, without a database."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from linkwork.directory.oruk.nest import Nester, page
from linkwork.directory.oruk.read_csv import read_csv_texts
from linkwork.directory.oruk.read_json import kind_for_file, read_json_text
from linkwork.directory.oruk.resolve import resolve
from linkwork.directory.oruk.tables import TABLES
from linkwork.directory.oruk.values import Row, canonical, canonical_number, time_minutes
from linkwork.directory.oruk.write_csv import csv_texts
from linkwork.directory.tests.factories import EXAMPLES

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


class NothingHeld:
    def rows(self, table: str, ids: set[str]) -> dict[str, Row]:
        return {}


def example(name: str) -> str:
    return (EXAMPLES / name).read_text()


def resolved(name: str):
    return resolve(read_json_text(name, example(name)), NothingHeld(), skip_invalid=False)


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("service_full.json", lambda n, rows: n.service(rows["service"][SERVICE_ID], full=True)),
        (
            "organization_full.json",
            lambda n, rows: n.organization(
                next(iter(rows["organization"].values())), full=True, services=True
            ),
        ),
        (
            "service_at_location_full.json",
            lambda n, rows: n.service_at_location(
                next(iter(rows["service_at_location"].values())), full=True
            ),
        ),
        (
            "taxonomy.json",
            lambda n, rows: n.taxonomy(next(iter(rows["taxonomy"].values())), full=True),
        ),
        (
            "taxonomy_term.json",
            lambda n, rows: n.taxonomy_term(next(iter(rows["taxonomy_term"].values()))),
        ),
    ],
)
def test_each_example_comes_back_exactly(name, build) -> None:
    result = resolved(name)
    assert result.problems == []
    document = build(Nester(result.dataset.rows), result.dataset.rows)
    # Same values, same keys, same order: the exported text is the example's text.
    assert json.dumps(document, indent=2) == json.dumps(json.loads(example(name)), indent=2)


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("service_list.json", lambda n, r: n.service(r, full=False)),
        ("service_at_location_list.json", lambda n, r: n.service_at_location(r, full=False)),
        ("taxonomy_list.json", lambda n, r: n.taxonomy(r, full=False)),
        ("taxonomy_term_list.json", lambda n, r: n.taxonomy_term(r)),
        ("organization_list.json", lambda n, r: n.organization(r, full=False)),
    ],
)
def test_list_examples_come_back_exactly(name, shape) -> None:
    result = resolved(name)
    assert result.problems == []
    original = json.loads(example(name))
    table = kind_for_file(name)
    rows = result.dataset.rows
    nester = Nester(rows)
    contents = [shape(nester, rows[table][item["id"]]) for item in original["contents"]]
    assert contents == original["contents"]


def test_kind_comes_from_the_file_name() -> None:
    assert kind_for_file("service_at_location_list.json") == "service_at_location"
    assert kind_for_file("organisations.json") == "organization"
    assert kind_for_file("taxonomies.json") == "taxonomy"
    assert kind_for_file("anything.json") == "service"


def test_every_problem_is_reported_with_record_and_path() -> None:
    document = json.loads(example("service_full.json"))
    document["status"] = "open"
    document["minimum_age"] = "twelve"
    document["schedules"][0]["opens_at"] = "25:99"
    document["schedules"][0]["byday"] = "TH,XX"
    del document["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    document["contacts"][0]["phones"] = [{"id": "not-a-uuid"}]
    reading = read_json_text("feed.json", json.dumps([document]))
    problems = {(p.record, p.path) for p in reading.units[0].problems}
    record = f"service {SERVICE_ID}"
    assert problems == {
        (record, "/0/status"),
        (record, "/0/minimum_age"),
        (record, "/0/schedules/0/opens_at"),
        (record, "/0/schedules/0/byday"),
        (record, "/0/service_at_locations/0/location/addresses/0/postal_code"),
        (record, "/0/contacts/0/phones/0/id"),
        (record, "/0/contacts/0/phones/0/number"),
    }
    messages = {p.path: p.message for p in reading.units[0].problems}
    assert "must be one of 'active'" in messages["/0/status"]
    assert messages["/0/service_at_locations/0/location/addresses/0/postal_code"] == "is required"
    assert "'XX'" in messages["/0/schedules/0/byday"]


def test_not_json_is_one_clear_problem() -> None:
    reading = read_json_text("broken.json", '{"id": ')
    assert [str(p) for p in reading.problems] == [
        "broken.json: file: is not JSON: Expecting value (line 1)"
    ]


def test_the_same_record_must_agree_with_itself() -> None:
    first = json.loads(example("service_list.json"))["contents"][0]
    second = dict(first, organization=dict(first["organization"], name="Another name"))
    reading = read_json_text("feed.json", json.dumps([first, second]))
    result = resolve(reading, NothingHeld(), skip_invalid=False)
    assert len(result.problems) == 1
    assert "also given" in result.problems[0].message
    assert "Another name" in result.problems[0].message
    assert result.dataset.count() == 0


def test_dangling_references_are_problems_and_skip_invalid_drops_only_those() -> None:
    good = json.loads(example("service_list.json"))["contents"][0]
    bad = {
        "id": "0b4f6d1e-5c1e-4a8e-9d0e-3c3f1b9a7e11",
        "name": "Orphan",
        "status": "active",
        "attributes": [
            {"id": "1b4f6d1e-5c1e-4a8e-9d0e-3c3f1b9a7e11", "taxonomy_term_id": good["id"]}
        ],
    }
    reading = read_json_text("feed.json", json.dumps([good, bad]))
    strict = resolve(reading, NothingHeld(), skip_invalid=False)
    assert [p.record for p in strict.problems] == ["service 0b4f6d1e-5c1e-4a8e-9d0e-3c3f1b9a7e11"]
    assert "neither in the file nor in the directory" in strict.problems[0].message
    lenient = resolve(reading, NothingHeld(), skip_invalid=True)
    assert (lenient.kept, lenient.skipped) == (1, 1)
    assert set(lenient.dataset.rows["service"]) == {good["id"]}


def test_csv_examples_read_cleanly_and_write_back_the_same_tables() -> None:
    texts = {p.name: p.read_text(encoding="utf-8-sig") for p in (EXAMPLES / "csv").glob("*.csv")}
    reading = read_csv_texts(texts)
    result = resolve(reading, NothingHeld(), skip_invalid=False)
    assert result.problems == []
    # Tables the tabular form does not have are noted, not refused.
    assert any("programs.csv" in notice for notice in reading.notices)
    written = read_csv_texts(csv_texts(result.dataset.rows))
    again = resolve(written, NothingHeld(), skip_invalid=False)
    assert again.dataset.rows == result.dataset.rows
    for name, table in TABLES.items():
        assert set(result.dataset.rows.get(name, {})) or table.csv_file not in texts


def test_csv_rows_are_checked_one_by_one() -> None:
    texts = {
        "services.csv": "id,organization_id,name,status,minimum_age\n"
        "ac148810-d857-441c-9679-408f346de14b,,Counselling,active,12\n"
        "not-an-id,d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,,open,old\n",
    }
    reading = read_csv_texts(texts)
    first, second = reading.units
    assert [(p.path, p.message) for p in first.problems] == [
        ("organization_id", "is required in the tabular form")
    ]
    assert {p.path for p in second.problems} == {"id", "name", "status", "minimum_age"}
    assert second.label == "line 3 (service not-an-id)"


def test_csv_without_an_id_column_is_refused() -> None:
    reading = read_csv_texts({"services.csv": "name,status\nX,active\n"})
    assert [str(p) for p in reading.problems] == ["services.csv: header: has no id column"]


def test_values_are_canonical() -> None:
    column = TABLES["service"].column("last_modified")
    assert canonical(column, "2023-03-15T11:30:45.1+01:00") == "2023-03-15T10:30:45.100Z"
    assert canonical(TABLES["service"].column("id"), SERVICE_ID.upper()) == SERVICE_ID
    assert canonical_number(Decimal("12.50")) == Decimal("12.5")
    assert canonical_number("3") == 3
    assert time_minutes("09:30:00") == 570
    with pytest.raises(ValueError, match="not a real date"):
        canonical(TABLES["service"].column("assured_date"), "2023-02-30")
    with pytest.raises(ValueError, match="whole number"):
        canonical(TABLES["schedule"].column("interval"), Decimal("1.5"))


def test_page_follows_the_standard() -> None:
    assert page([], total=0, number=1, per_page=10) == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }
    middle = page([{"id": "x"}], total=25, number=2, per_page=10)
    assert (middle["total_pages"], middle["first_page"], middle["last_page"]) == (3, False, False)


def test_values_that_cannot_be_stored_are_problems_not_crashes() -> None:
    document = json.loads(example("service_full.json"))
    location = document["service_at_locations"][0]["location"]
    location["latitude"] = 1e400
    document["schedules"][0]["opens_at"] = "10:00:00." + "0" * 40
    document["schedules"][0]["interval"] = 70000
    document["cost_options"][0]["amount"] = -1
    reading = read_json_text("feed.json", json.dumps(document).replace("Infinity", "1e400"))
    paths = {p.path for p in reading.units[0].problems}
    assert paths == {
        "/service_at_locations/0/location/latitude",
        "/schedules/0/opens_at",
        "/schedules/0/interval",
        "/cost_options/0/amount",
    }
