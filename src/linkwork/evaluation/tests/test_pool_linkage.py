"""People linked across packages by a linkage id: only where the sources were pseudonymised
with one shared linkage key, which their packages record by its fingerprint."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from linkwork.episodes.models import Referral
from linkwork.evaluation.dataset.package import read_package
from linkwork.evaluation.dataset.pseudonymise import Linker, linkage_fingerprint
from linkwork.imports.tests.conftest import GOOD_ROW, case_file  # noqa: F401 - a fixture
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld

SHARED = b"national-linkage-key-0123456789abcdef"
OTHER = b"another-linkage-key-0123456789abcdef"


def key_file(tmp_path: Path, name: str, key: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(key)
    return str(path)


def package(
    tmp_path: Path,
    case_file: Callable[..., Path],  # noqa: F811 - the fixture
    name: str,
    *rows: dict[str, str],
    linkage: bytes | None = None,
) -> Path:
    """A harmonised import of one scheme's caseload, pseudonymised under its own key."""
    source = case_file(*rows, name=f"{name}.csv")
    args = ["--scheme-id", name, "--scheme-name", name.title(), "--region", "North"]
    args += ["--key-file", key_file(tmp_path, f"{name}.key", f"{name}-own-key".encode() * 2)]
    if linkage is not None:
        args += ["--linkage-key-file", key_file(tmp_path, f"{name}-linkage.key", linkage)]
    out = tmp_path / name
    call_command(
        "import", "package", "--profile", "case-management", str(source), "--out", str(out),
        *args, stdout=StringIO(),
    )  # fmt: skip
    return out


def pool_command(out: Path, *packages: Path) -> str:
    stdout = StringIO()
    call_command("pool", *map(str, packages), "--out", str(out), stdout=stdout)
    return stdout.getvalue()


# The same person (one NHS number, written two ways) in two schemes' systems, under each
# system's own client id, and someone else in the second.
EAST = {**GOOD_ROW, "Client ID": "E-17", "Referral ID": "E-R1", "NHS No": "943 476 5919"}
WEST = {**GOOD_ROW, "Client ID": "W-900", "Referral ID": "W-R1", "NHS No": "9434765919"}
WEST_OTHER = {**WEST, "Client ID": "W-901", "Referral ID": "W-R2", "NHS No": "401 023 2137"}


def linkage_of(path: Path) -> dict[str, object]:
    meta = json.loads((path / "datapackage.json").read_text())["x-linkwork"]
    return meta["linkage"]


def test_one_person_in_two_packages_with_a_shared_linkage_key_is_linked(
    tmp_path: Path,
    case_file: Callable[..., Path],  # noqa: F811
) -> None:
    east = package(tmp_path, case_file, "east", EAST, linkage=SHARED)
    west = package(tmp_path, case_file, "west", WEST, WEST_OTHER, linkage=SHARED)
    assert linkage_of(east)["key_fingerprint"] == linkage_fingerprint(SHARED)
    output = pool_command(tmp_path / "national", east, west)
    people = read_package(tmp_path / "national")["people"]
    assert people.height == 3  # each source's person token stays its own
    same = Linker(SHARED).linkage_id("9434765919", None)
    linked = people.filter(pl.col("linkage_id") == same)
    assert sorted(linked["scheme_id"]) == ["east", "west"]
    assert linked["person"].n_unique() == 2
    assert people["linkage_id"].n_unique() == 2
    fingerprint = linkage_fingerprint(SHARED)
    assert f"people linked across east, west (one linkage key, fingerprint {fingerprint}): 1" in (
        output
    )
    pooled = linkage_of(tmp_path / "national")
    assert pooled == {
        "groups": [
            {"key_fingerprint": fingerprint, "sources": ["east", "west"], "people_linked": 1}
        ],
        "not_linked": [],
    }


def test_packages_with_different_linkage_keys_are_not_linked(
    tmp_path: Path,
    case_file: Callable[..., Path],  # noqa: F811
) -> None:
    east = package(tmp_path, case_file, "east", EAST, linkage=SHARED)
    west = package(tmp_path, case_file, "west", WEST, linkage=OTHER)
    # Each package carries linkage ids of its own...
    assert read_package(east)["people"]["linkage_id"].null_count() == 0
    output = pool_command(tmp_path / "national", east, west)
    people = read_package(tmp_path / "national")["people"]
    # ...but no key links them, so the pool keeps them apart and clears the ids.
    assert people.height == 2
    assert people["linkage_id"].null_count() == 2
    assert "people linked across" not in output
    assert f"east: not linked, its linkage key (fingerprint {linkage_fingerprint(SHARED)})" in (
        output
    )
    assert "west: not linked, its linkage key" in output
    assert linkage_of(tmp_path / "national")["groups"] == []


def test_packages_made_without_a_linkage_key_are_not_linked(
    tmp_path: Path,
    case_file: Callable[..., Path],  # noqa: F811
) -> None:
    east = package(tmp_path, case_file, "east", EAST)
    west = package(tmp_path, case_file, "west", WEST, linkage=SHARED)
    third = package(tmp_path, case_file, "third", {**WEST, "Client ID": "T-1"}, linkage=SHARED)
    assert linkage_of(east)["key_fingerprint"] is None
    assert read_package(east)["people"]["linkage_id"].null_count() == 1
    output = pool_command(tmp_path / "national", east, west, third)
    people = read_package(tmp_path / "national")["people"]
    east_person = people.filter(pl.col("scheme_id") == "east")
    assert east_person["linkage_id"].null_count() == 1
    # The two sources sharing the key still link the person they both hold.
    assert people.filter(pl.col("scheme_id") != "east")["linkage_id"].n_unique() == 1
    assert "east: not linked, it was made without a linkage key" in output
    assert "people linked across west, third" in output


def test_the_linkage_key_may_not_be_the_pseudonymisation_key(
    tmp_path: Path,
    case_file: Callable[..., Path],  # noqa: F811
) -> None:
    source = case_file(EAST)
    same = key_file(tmp_path, "same.key", SHARED)
    with pytest.raises(CommandError, match="linkage key must not be the pseudonymisation key"):
        call_command(
            "import", "package", "--profile", "case-management", str(source),
            "--out", str(tmp_path / "out"), "--key-file", same, "--linkage-key-file", same,
        )  # fmt: skip
    assert not (tmp_path / "out").exists()


def test_a_short_linkage_key_is_refused(
    tmp_path: Path,
    case_file: Callable[..., Path],  # noqa: F811
) -> None:
    short = key_file(tmp_path, "short.key", b"tiny")
    with pytest.raises(CommandError, match="--linkage-key-file must hold at least 16 random"):
        call_command(
            "import", "package", "--profile", "case-management", str(case_file(EAST)),
            "--out", str(tmp_path / "out"), "--linkage-key-file", short,
        )  # fmt: skip


def test_a_package_from_before_linkage_ids_reads_them_as_empty(
    tmp_path: Path,
    case_file: Callable[..., Path],  # noqa: F811
) -> None:
    east = package(tmp_path, case_file, "east", EAST, linkage=SHARED)
    descriptor_path = east / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text())
    descriptor["version"] = "1.2.0"
    people = next(r for r in descriptor["resources"] if r["name"] == "people")
    people["schema"]["fields"] = [
        f for f in people["schema"]["fields"] if f["name"] != "linkage_id"
    ]
    descriptor_path.write_text(json.dumps(descriptor))
    csv_path = east / "data" / "people.csv"
    pl.read_csv(csv_path).drop("linkage_id").write_csv(csv_path)
    frame = read_package(east)["people"]
    assert frame["linkage_id"].dtype == pl.Utf8
    assert frame["linkage_id"].null_count() == 1


@pytest.mark.django_db
def test_the_export_gives_linkage_ids_under_the_configured_key(
    casework: SmallWorld, tmp_path: Path
) -> None:
    configured = key_file(tmp_path, "linkage.key", SHARED)
    referred = Person.objects.filter(pk__in=Referral.objects.values("person_id")).order_by("pk")
    first, second = list(referred[:2])
    Person.objects.filter(pk=first.pk).update(nhs_number="9434765919")
    Person.objects.filter(pk=second.pk).update(chi_number="0101010000")
    with override_settings(LINKWORK_LINKAGE_KEY_FILE=configured):
        call_command("export", "common-dataset", "--out", str(tmp_path / "x"), stdout=StringIO())
    assert linkage_of(tmp_path / "x")["key_fingerprint"] == linkage_fingerprint(SHARED)
    people = read_package(tmp_path / "x")["people"]
    linker = Linker(SHARED)
    assert referred.count() == people.height
    expected = [linker.linkage_id(p.nhs_number, p.chi_number) for p in referred]
    assert linker.linkage_id("943 476 5919", None) in expected
    assert linker.linkage_id(None, "0101010000") in expected
    assert set(people["linkage_id"].drop_nulls()) == {e for e in expected if e}
    assert people["linkage_id"].null_count() == expected.count(None)
    call_command("export", "common-dataset", "--out", str(tmp_path / "y"), stdout=StringIO())
    assert read_package(tmp_path / "y")["people"]["linkage_id"].null_count() == people.height
    assert linkage_of(tmp_path / "y")["key_fingerprint"] is None


def test_a_linkage_id_is_of_the_number_alone_and_of_its_kind() -> None:
    linker = Linker(SHARED)
    spaced = linker.linkage_id("943 476 5919", None)
    assert spaced == linker.linkage_id("943-476-5919", "") == linker.linkage_id("9434765919", None)
    # The NHS number when there is one; the same digits as a CHI number are another id.
    assert linker.linkage_id("9434765919", "0101010000") == spaced
    assert linker.linkage_id(None, "9434765919") != spaced
    assert linker.linkage_id("", None) is None
    assert Linker(OTHER).linkage_id("9434765919", None) != spaced
