"""`linkwork pool`: packages from many sources become one, with provenance, and conflicts are
refused with nothing written."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.evaluation.dataset.package import read_package
from linkwork.evaluation.dataset.pool import PoolError, Source, pool, quality_by_source
from linkwork.evaluation.tests.conftest import json_report
from linkwork.testing.world import SmallWorld, refer

pytestmark = pytest.mark.django_db


def export(out: Path, *args: str) -> Path:
    call_command("export", "common-dataset", "--out", str(out), *args, stdout=StringIO())
    return out


def pool_command(out: Path, *packages: Path) -> str:
    stdout = StringIO()
    call_command("pool", *map(str, packages), "--out", str(out), stdout=stdout)
    return stdout.getvalue()


@pytest.fixture
def key(tmp_path: Path) -> str:
    path = tmp_path / "key.bin"
    path.write_bytes(b"shared-linkage-key-0123456789abcdef")
    return str(path)


@pytest.fixture
def two_schemes(casework: SmallWorld) -> SmallWorld:
    for index in range(3):
        refer(
            casework,
            scheme=casework.scot_scheme,
            practice=casework.scot_practice,
            person={"given_name": f"Scot{index}"},
        )
    return casework


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


def test_two_schemes_pooled_equal_one_export_of_both(
    two_schemes: SmallWorld, tmp_path: Path, key: str
) -> None:
    world = two_schemes
    whole = read_package(export(tmp_path / "whole", "--key-file", key))
    first = export(tmp_path / "east", "--scheme", world.scheme.slug, "--key-file", key)
    second = export(tmp_path / "north", "--scheme", world.scot_scheme.slug, "--key-file", key)
    output = pool_command(tmp_path / "national", first, second)
    assert "Pooled 2 package(s)" in output
    pooled = read_package(tmp_path / "national")
    for name in ("schemes", "people", "referrals", "encounters", "outcome_scores"):
        assert _sorted(pooled[name]).equals(_sorted(whole[name])), name
    provenance = pl.read_csv(tmp_path / "national" / "provenance" / "referrals.csv")
    by_source = dict(provenance.group_by("held_by").len().iter_rows())
    assert by_source == {
        "east": whole["referrals"].filter(pl.col("scheme_id") == str(world.scheme.pk)).height,
        "north": 3,
    }
    descriptor = json.loads((tmp_path / "national" / "datapackage.json").read_text())
    assert [s["source"] for s in descriptor["x-linkwork"]["pooled_from"]] == ["east", "north"]
    assert "## Pooled package" in (tmp_path / "national" / "data-dictionary.md").read_text()
    quality = pl.read_csv(tmp_path / "national" / "quality-by-source.csv")
    assert set(quality["source"]) == {"east", "north"}
    # The evaluation runs on the pooled package as on any other.
    report = json_report(tmp_path / "national.json", "--package", str(tmp_path / "national"))
    assert report["scope"]


def test_overlapping_exports_with_one_key_keep_each_row_once(
    two_schemes: SmallWorld, tmp_path: Path, key: str
) -> None:
    whole = export(tmp_path / "whole", "--key-file", key)
    part = export(tmp_path / "part", "--scheme", two_schemes.scheme.slug, "--key-file", key)
    output = pool_command(tmp_path / "pooled", whole, part)
    assert "held by more than one source" in output
    pooled, original = read_package(tmp_path / "pooled"), read_package(whole)
    assert _sorted(pooled["referrals"]).equals(_sorted(original["referrals"]))
    provenance = pl.read_csv(tmp_path / "pooled" / "provenance" / "referrals.csv")
    assert "whole part" in set(provenance["held_by"])


def test_overlapping_exports_with_different_keys_are_refused_and_nothing_written(
    two_schemes: SmallWorld, tmp_path: Path
) -> None:
    one, two = export(tmp_path / "one"), export(tmp_path / "two")
    with pytest.raises(CommandError) as refused:
        pool_command(tmp_path / "pooled", one, two)
    message = str(refused.value)
    assert "conflict(s) between the packages" in message
    assert "referrals: referral_id" in message
    assert "differs between one and two" in message
    assert "--key-file" in message
    assert not (tmp_path / "pooled").exists()


def test_packages_this_version_cannot_pool_are_refused_by_name(
    two_schemes: SmallWorld, tmp_path: Path
) -> None:
    newer = export(tmp_path / "newer")
    descriptor = json.loads((newer / "datapackage.json").read_text())
    descriptor["version"] = "1.99.0"
    (newer / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(CommandError, match=r"newer: written with dataset version 1\.99\.0"):
        pool_command(tmp_path / "pooled", newer)
    identifiable = tmp_path / "named"
    call_command(
        "export",
        "common-dataset",
        "--out",
        str(identifiable),
        "--identifiable",
        "--as",
        "manager",
        "--scheme",
        two_schemes.scheme.slug,
        stdout=StringIO(),
    )
    with pytest.raises(CommandError, match="named: the package is not marked pseudonymised"):
        pool_command(tmp_path / "pooled", identifiable)
    with pytest.raises(CommandError, match="not a data package"):
        pool_command(tmp_path / "pooled", tmp_path)
    with pytest.raises(CommandError, match="named twice"):
        pool_command(tmp_path / "pooled", newer, newer)
    assert not (tmp_path / "pooled").exists()


def _source(label: str, tables: dict[str, pl.DataFrame]) -> Source:
    return Source(
        label=label, path=Path(label), version="1.1.0", created="", tables=tables, set_aside={}
    )


def test_practices_with_one_code_become_one_and_a_name_clash_is_refused(
    two_schemes: SmallWorld, tmp_path: Path
) -> None:
    tables = read_package(export(tmp_path / "a"))
    codes = pl.Series([f"A8100{n}" for n in range(tables["practices"].height)])
    tables["practices"] = tables["practices"].with_columns(codes.alias("practice_code"))
    practice_id = tables["practices"]["practice_id"][0]
    # A second source knows the same practice, by its code, under its own id.
    other = {
        name: frame.clear() if name not in ("practices", "schemes") else frame
        for name, frame in tables.items()
    }
    other["practices"] = other["practices"].with_columns(
        pl.col("practice_id").str.replace(r"^", "other-")
    )
    other["referrals"] = (
        tables["referrals"]
        .head(1)
        .with_columns(
            pl.lit("other-" + practice_id).alias("practice_id"),
            pl.lit("r-from-b").alias("referral_id"),
        )
    )
    pooled = pool([_source("a", tables), _source("b", other)])
    assert pooled.tables["practices"].height == tables["practices"].height
    assert "other-" + practice_id not in set(pooled.tables["referrals"]["practice_id"])
    assert practice_id in set(
        pooled.tables["referrals"].filter(pl.col("referral_id") == "r-from-b")["practice_id"]
    )
    assert pooled.practices_joined
    renamed = {
        **other,
        "practices": other["practices"].with_columns(
            pl.lit("Another Surgery").alias("practice_name")
        ),
    }
    with pytest.raises(
        PoolError, match=r"practices: code .* is .* in a but 'Another Surgery' in b"
    ):
        pool([_source("a", tables), _source("b", renamed)])


def test_quality_by_source_counts_what_each_source_records(
    two_schemes: SmallWorld, tmp_path: Path
) -> None:
    tables = read_package(export(tmp_path / "a"))
    people = tables["people"]
    sparse = {**tables, "people": people.with_columns(pl.lit(None, pl.Utf8).alias("sex"))}
    quality = quality_by_source([_source("full", tables), _source("sparse", sparse)])
    sex = quality.filter((pl.col("table") == "people") & (pl.col("field") == "sex"))
    recorded = dict(sex.group_by("source").agg(pl.col("recorded").sum()).iter_rows())
    assert recorded == {"full": people["sex"].drop_nulls().len(), "sparse": 0}
    assert recorded["full"] == people.height > 0
