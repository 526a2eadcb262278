"""`linkwork directory import|export`: the standard's examples, problems, idempotency."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.directory.export import service_documents
from linkwork.directory.models import (
    Attribute,
    Location,
    Phone,
    Schedule,
    Service,
    TaxonomyTerm,
)
from linkwork.directory.oruk.tables import TABLES
from linkwork.directory.store import MODELS
from linkwork.directory.tests.factories import EXAMPLES, FIXTURES, add_postcodes
from linkwork.organisations.models import Region

pytestmark = pytest.mark.django_db

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def directory(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("directory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> dict[str, list[tuple[str, str]]]:
    """Every row's id and last update, to prove a second import touches nothing."""
    return {
        table: sorted(
            (str(pk), str(updated))
            for pk, updated in model._default_manager.values_list("pk", "updated_at")
        )
        for table, model in MODELS.items()
    }


def test_the_json_example_imports_and_exports_exactly(tmp_path: Path) -> None:
    output, _ = directory("import", str(EXAMPLES / "service_full.json"))
    assert "Imported 1 record(s)." in output
    example = json.loads((EXAMPLES / "service_full.json").read_text())
    [document] = service_documents([Service.objects.get().pk], full=True)
    assert document == example
    directory("export", "--out", str(tmp_path))
    assert json.loads((tmp_path / "services.json").read_text()) == [example]
    organizations = json.loads((tmp_path / "organizations.json").read_text())
    assert organizations == [example["organization"]]


def test_every_json_example_imports_cleanly_together() -> None:
    output, errors = directory("import", str(EXAMPLES))
    assert errors == ""
    assert "Imported 10 record(s)." in output
    assert Service.objects.filter(pk=SERVICE_ID).exists()


def test_the_csv_example_imports_cleanly_and_exports_the_same_tables(tmp_path: Path) -> None:
    output, errors = directory("import", str(EXAMPLES / "csv"))
    assert errors == ""
    assert "Note: programs.csv: not a table" in output
    assert Phone.objects.get().number == '"+44 1234 234567"'
    # The example's attribute describes a record outside the file: kept as published.
    assert str(Attribute.objects.get(pk="ae58cc39-8b70-4ab1-8aea-786882e5ac8e").link_ref) == (
        "f28dd44b-0c4d-479f-8e90-4c52219a8b3c"
    )
    directory("export", "--out", str(tmp_path), "--format", "csv")
    for table in TABLES.values():
        exported = list(csv.DictReader((tmp_path / table.csv_file).open(encoding="utf-8")))
        example = list(csv.DictReader((EXAMPLES / "csv" / table.csv_file).open(encoding="utf-8")))
        if table.name == "taxonomy_term":
            # The database also holds the seeded needs taxonomy.
            exported = [row for row in exported if row["id"] == example[0]["id"]]
        if table.name == "taxonomy":
            exported = [row for row in exported if row["id"] == example[0]["id"]]
        assert exported == example, table.csv_file


def test_importing_the_same_files_twice_changes_nothing() -> None:
    directory("import", str(EXAMPLES))
    directory("import", str(EXAMPLES / "csv"))
    before = snapshot()
    # --force compares every record, as an import of files not seen before does.
    output, _ = directory("import", str(EXAMPLES / "csv"), "--force")
    assert "nothing changed" in output
    assert snapshot() == before


def test_a_reimport_changing_different_fields_of_two_services_keeps_the_rest(
    tmp_path: Path,
) -> None:
    directory("import", str(FIXTURES / "glasgow_sample.json"))
    documents = json.loads((FIXTURES / "glasgow_sample.json").read_text())
    first, second = documents[0], documents[1]
    first["name"] = "A new name"
    second["description"] = "A new description."
    changed = tmp_path / "services.json"
    changed.write_text(json.dumps(documents))
    directory("import", str(changed))
    one, two = Service.objects.get(pk=first["id"]), Service.objects.get(pk=second["id"])
    assert (one.name, one.description) == ("A new name", documents[0]["description"])
    assert (two.name, two.description) == (documents[1]["name"], "A new description.")


def test_a_file_with_problems_writes_nothing_and_reports_each(tmp_path: Path) -> None:
    good = json.loads((EXAMPLES / "service_full.json").read_text())
    bad = json.loads((EXAMPLES / "service_full.json").read_text())
    bad["id"] = "5a2c1a9e-0000-4000-8000-000000000001"
    bad["status"] = "running"
    bad["maximum_age"] = 5
    bad["schedules"][0]["id"] = "5a2c1a9e-0000-4000-8000-000000000002"
    bad["schedules"][0]["closes_at"] = "6pm"
    del bad["service_at_locations"]
    del bad["contacts"], bad["attributes"], bad["languages"], bad["funding"]
    del bad["cost_options"], bad["service_areas"]
    feed = tmp_path / "services.json"
    feed.write_text(json.dumps([good, bad]))
    before = Service.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: 3 problem\(s\) in 1 record"):
        call_command("directory", "import", str(feed), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    record = "services.json: service 5a2c1a9e-0000-4000-8000-000000000001"
    assert lines == [
        f"{record}: /1/maximum_age: 5 is below minimum_age 12",
        f"{record}: /1/schedules/0/closes_at: '6pm' is not a time written as HH:MM or HH:MM:SS",
        f"{record}: /1/status: must be one of 'active', 'inactive', 'defunct', "
        "'temporarily closed' (found 'running')",
    ]
    assert Service.objects.count() == before == 0

    output, _ = directory("import", str(feed), "--skip-invalid")
    assert "Imported 1 record(s); skipped 1 with problems" in output
    assert [str(pk) for pk in Service.objects.values_list("pk", flat=True)] == [SERVICE_ID]


def test_a_csv_row_with_a_bad_reference_is_reported_by_line(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    shutil.copytree(EXAMPLES / "csv", folder)
    with (folder / "schedule.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "9e8f1c1a-1111-4111-8111-111111111111,3f0c1a9e-0000-4000-8000-000000000009,"
            ",,,,WEEKLY,1,MO,,,10:00,12:00,,,\r\n"
        )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("directory", "import", str(folder), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        "schedule.csv: line 5 (schedule 9e8f1c1a-1111-4111-8111-111111111111): service_id: "
        "schedule 9e8f1c1a-1111-4111-8111-111111111111 refers to service "
        "3f0c1a9e-0000-4000-8000-000000000009, which is neither in the file nor in the directory"
    )
    assert not Schedule.objects.exists()


def test_a_listed_array_replaces_and_an_absent_one_leaves_alone(tmp_path: Path) -> None:
    directory("import", str(EXAMPLES / "service_full.json"))
    document = json.loads((EXAMPLES / "service_full.json").read_text())
    document["schedules"] = []
    del document["contacts"]
    (tmp_path / "service.json").write_text(json.dumps(document))
    output, _ = directory("import", str(tmp_path / "service.json"))
    assert "schedule                 created 0, updated 0, unchanged 0, removed 1" in output
    assert not Schedule.objects.exists()
    assert Service.objects.get().contacts.count() == 1


def test_import_places_new_services_in_a_region(world) -> None:
    directory("import", str(EXAMPLES / "service_full.json"), "--region", "test-glen")
    assert Service.objects.get().region == Region.objects.get(slug="test-glen")


def test_locations_are_measured_from_their_postcode_when_no_point_is_usable(tmp_path) -> None:
    add_postcodes()
    document = json.loads((EXAMPLES / "service_full.json").read_text())
    document["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "g11aa"
    (tmp_path / "service.json").write_text(json.dumps(document))
    directory("import", str(tmp_path / "service.json"))
    location = Location.objects.get()
    # The published point (100, 101) is not on Earth, so the postcode's centroid is used.
    assert (location.latitude, location.geo_latitude) == (100, 55.8609)


def test_clear_messages_for_unusable_input(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        directory("import", str(tmp_path / "missing.json"))
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CommandError, match=r"neither a \.json file nor a \.csv table"):
        directory("import", str(tmp_path / "notes.txt"))
    (tmp_path / "feed.json").write_text("[1, 2")
    with pytest.raises(CommandError, match="Nothing was imported"):
        directory("import", str(tmp_path / "feed.json"))
    (tmp_path / "services.csv").write_bytes("id,name\n1,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CommandError, match="Nothing was imported"):
        directory("import", str(tmp_path / "services.csv"))
    (tmp_path / "people.csv").write_text("id,name\n")
    with pytest.raises(CommandError, match=r"people\.csv is not a table of Open Referral UK"):
        directory("import", str(tmp_path / "people.csv"))
    with pytest.raises(CommandError, match="No region has the slug 'atlantis'"):
        directory("import", str(EXAMPLES / "service_full.json"), "--region", "atlantis")
    (tmp_path / "file").write_text("")
    with pytest.raises(CommandError, match="is not a folder"):
        directory("export", "--out", str(tmp_path / "file"))


def test_the_sample_fixture_imports(world) -> None:
    add_postcodes()
    _, errors = directory("import", str(FIXTURES / "glasgow_sample.json"), "--region", "test-glen")
    assert errors == ""
    assert Service.objects.filter(region__slug="test-glen").count() == 3
    housing = TaxonomyTerm.objects.get(term="housing")
    assert Attribute.objects.filter(taxonomy_term=housing).exists()


def test_skip_invalid_also_skips_rows_that_depend_on_skipped_ones(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    shutil.copytree(EXAMPLES / "csv", folder)
    with (folder / "services.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "7c1d2e3f-0000-4000-8000-00000000000a,d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,"
            "Broken service,,,,unknown,,,,,,,,\r\n"
        )
    with (folder / "contacts.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "7c1d2e3f-0000-4000-8000-00000000000b,7c1d2e3f-0000-4000-8000-00000000000a,Desk,\r\n"
        )
    err = io.StringIO()
    out = io.StringIO()
    call_command("directory", "import", str(folder), "--skip-invalid", stdout=out, stderr=err)
    problems = err.getvalue().splitlines()
    assert len(problems) == 2
    assert "services.csv: line" in problems[0]
    assert "status: must be one of" in problems[0]
    assert "contacts.csv: line" in problems[1]
    assert "refers to service 7c1d2e3f-0000-4000-8000-00000000000a" in problems[1]
    assert "skipped 2 with problems" in out.getvalue()
    assert [str(pk) for pk in Service.objects.values_list("pk", flat=True)] == [SERVICE_ID]
