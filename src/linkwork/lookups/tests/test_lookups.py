from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.lookups.models import AreaDeprivation, PostcodeLookup
from linkwork.lookups.parsing import LookupFileError, read_imd2019, read_simd2020
from linkwork.lookups.postcode_reading import read_postcodes


def test_postcodes_are_read_by_header_name_and_normalised() -> None:
    lines = [
        "lat,long,ctry,pcds,lsoa11,other",
        "55.86,-4.25,S92000003,g11aa,S01006500,x",
        "99.999999,0,E92000001,M1 1AD,E01000001,y",
        "53,-2,E92000001,M1 9ZZ,,z",
    ]
    rows = list(read_postcodes(lines))
    assert [(r.postcode, r.country, r.small_area_code) for r in rows] == [
        ("G1 1AA", "scotland", "S01006500"),
        ("M1 1AD", "england", "E01000001"),
    ]
    assert rows[1].latitude is None  # the directory's marker for unknown coordinates


def test_missing_columns_are_named() -> None:
    with pytest.raises(LookupFileError, match="No column matching lat or latitude"):
        list(read_postcodes(["pcds,ctry,lsoa11", "G1 1AA,S92000003,S01006500"]))


def test_reversed_deciles_are_refused() -> None:
    lines = ["Data_Zone,SIMD2020v2_Rank,SIMD2020v2_Decile", "S01000001,1,10", "S01000002,6000,1"]
    with pytest.raises(LookupFileError, match="its deciles run the other way"):
        read_simd2020(lines)


def test_imd_quintiles_come_from_deciles() -> None:
    lines = [
        "LSOA code (2011),Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),"
        "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
        "E01000001,10,1",
        "E01000002,30000,10",
        "E01000003,7000,3",
    ]
    assert [(r.decile, r.quintile) for r in read_imd2019(lines)] == [(1, 1), (10, 5), (3, 2)]


@pytest.mark.django_db
def test_load_command_is_idempotent_and_reports_bad_files(tmp_path: Path) -> None:
    out = StringIO()
    call_command("lookups", "load-samples", stdout=out)
    assert "onspd: 352 added, 0 updated, 0 unchanged." in out.getvalue()
    counts = (PostcodeLookup.objects.count(), AreaDeprivation.objects.count())
    out = StringIO()
    call_command("lookups", "load-samples", stdout=out)
    assert "onspd: 0 added, 0 updated, 352 unchanged." in out.getvalue()
    assert (PostcodeLookup.objects.count(), AreaDeprivation.objects.count()) == counts
    # A new release that moves one postcode's coordinates rewrites that row alone.
    moved = tmp_path / "onspd_next.csv"
    moved.write_text(
        "pcds,ctry,lsoa11,lat,long\nBA1 2FJ,E92000001,E01002330,51.3747,-2.3719\n"
        "G2 9ZZ,S92000003,S01006500,55.0,-4.0\n"
    )
    out = StringIO()
    call_command("lookups", "load", "onspd", str(moved), "--release", "onspd_next", stdout=out)
    assert "onspd: 1 added, 1 updated, 0 unchanged." in out.getvalue()
    assert PostcodeLookup.objects.get(postcode="BA1 2FJ").latitude == 51.3747
    assert PostcodeLookup.objects.filter(release="onspd_next").count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "pcds,ctry,lsoa11,lat,long\nG1 1AA,S92000003,S01,55,-4\nNOPE,S92000003,S01,1,1\n"
    )
    with pytest.raises(CommandError, match=r"bad\.csv: Line 3"):
        call_command("lookups", "load", "onspd", str(bad))
    assert PostcodeLookup.objects.count() == counts[0] + 1  # nothing from the bad file
    with pytest.raises(CommandError, match="No file at"):
        call_command("lookups", "load", "imd2019", str(tmp_path / "missing.csv"))
