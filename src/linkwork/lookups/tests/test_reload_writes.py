"""Reloading a release writes only what changed: an unchanged row is read, never rewritten
(on a national file that is the difference between a read and a rewrite of 1.7 million rows
and their indexes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from linkwork.lookups.models import PostcodeLookup
from linkwork.lookups.services import SAMPLE_FILES, LoadResult, lookup_load


def _places() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT postcode, ctid::text FROM lookups_postcodelookup")
        return dict(cursor.fetchall())


def _rows_written(load: Callable[[], LoadResult]) -> tuple[LoadResult, set[str]]:
    """The load's result and the postcodes of the rows it wrote. PostgreSQL writes every
    update as a new row version in a new place (ctid); SQLite keeps the place, so a trigger
    notes each write instead."""
    if connection.vendor == "postgresql":
        before = _places()
        result = load()
        return result, {code for code, place in _places().items() if before[code] != place}
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE written (postcode TEXT)")
        cursor.execute(
            "CREATE TEMP TRIGGER note_write AFTER UPDATE ON lookups_postcodelookup "
            "BEGIN INSERT INTO written VALUES (new.postcode); END"
        )
        result = load()
        cursor.execute("SELECT postcode FROM written")
        written = {row[0] for row in cursor.fetchall()}
        cursor.execute("DROP TRIGGER note_write")
        cursor.execute("DROP TABLE written")
    return result, written


@pytest.mark.django_db
def test_an_unchanged_reload_rewrites_no_row_and_a_change_rewrites_its_row_alone(
    tmp_path: Path,
) -> None:
    lookup_load(kind="onspd", path=SAMPLE_FILES["onspd"], release="r1")

    result, written = _rows_written(
        lambda: lookup_load(kind="onspd", path=SAMPLE_FILES["onspd"], release="r1")
    )
    assert (result.created, result.updated, result.unchanged) == (0, 0, 352)
    assert written == set()

    header, first, *rest = SAMPLE_FILES["onspd"].read_text().splitlines()
    cells = first.split(",")
    cells[header.split(",").index("lat")] = "51.0001"
    moved = tmp_path / "next.csv"
    moved.write_text("\n".join([header, ",".join(cells), *rest]) + "\n")
    result, written = _rows_written(lambda: lookup_load(kind="onspd", path=moved, release="r1"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 351)
    assert written == {PostcodeLookup.objects.get(latitude=51.0001).postcode} == {cells[0]}


def _index_definitions() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'lookups_postcodelookup'"
            )
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'lookups_postcodelookup'"
            )
        return {str(row[0]) for row in cursor.fetchall()}


@pytest.mark.django_db
def test_a_large_first_load_leaves_the_table_with_its_indexes_and_its_key_enforced(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Every first load counts as large here, so PostgreSQL drops and rebuilds the indexes.
    monkeypatch.setattr("linkwork.core.bulk_upsert.REBUILD_INDEXES_FROM_ROWS", 1)
    indexes = _index_definitions()
    assert len(indexes) >= 2
    result = lookup_load(kind="onspd", path=SAMPLE_FILES["onspd"], release="r1")
    assert result.created == 352 == PostcodeLookup.objects.count()
    assert _index_definitions() == indexes
    with pytest.raises(IntegrityError), transaction.atomic():
        PostcodeLookup.objects.create(postcode="BA1 2FJ", country="E92000001")
    assert PostcodeLookup.objects.filter(small_area_code="E01002330").exists()
