"""The table specifications agree with the standard's own files, read from the vendored copy."""

from __future__ import annotations

import json

import pytest

from linkwork.directory.oruk.schemas import STANDARD_DIR, load_json
from linkwork.directory.oruk.tables import TABLES, WRITE_ORDER, Kind


def test_columns_and_files_are_the_datapackages() -> None:
    package = json.loads((STANDARD_DIR / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(TABLES)
    for name, resource in resources.items():
        assert TABLES[name].csv_file == resource["path"], name
        assert TABLES[name].column_names == tuple(f["name"] for f in resource["schema"]["fields"])


@pytest.mark.parametrize("name", sorted(TABLES))
def test_kinds_and_required_follow_each_tables_schema(name: str) -> None:
    schema = load_json(f"schema/{name}.json")
    assert set(TABLES[name].required) == set(schema["required"])
    for column in TABLES[name].columns:
        spec = schema["properties"][column.name]
        if column.kind is Kind.NUMBER or column.kind is Kind.INTEGER:
            assert spec["type"] == "number", column.name
        elif column.kind is Kind.UUID:
            assert spec.get("format") == "uuid", column.name
        elif column.kind is Kind.DATE:
            assert spec.get("datapackage_type") == "date", column.name
        elif column.kind is Kind.TIME:
            assert spec.get("datapackage_type") == "time", column.name
        elif column.kind is Kind.DATETIME:
            assert spec.get("format") == "date-time", column.name
        else:
            assert spec["type"] == "string", column.name


def test_write_order_puts_every_reference_first() -> None:
    assert sorted(WRITE_ORDER) == sorted(TABLES)
    for name in WRITE_ORDER:
        for column in TABLES[name].columns:
            if column.ref:
                assert WRITE_ORDER.index(column.ref) < WRITE_ORDER.index(name), (name, column)


def test_vendored_standard_carries_its_licence() -> None:
    assert "Attribution-ShareAlike 4.0" in (STANDARD_DIR / "LICENSE").read_text()
    readme = (STANDARD_DIR / "README.md").read_text()
    assert "Human Services Data Specification: an Open Referral resource" in readme
    assert "CC BY-SA 4.0" in readme
