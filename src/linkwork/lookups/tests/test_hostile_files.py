"""Broken or hostile lookup files are refused whole, naming the line and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from linkwork.core.errors import DomainError
from linkwork.lookups.models import PostcodeLookup
from linkwork.lookups.parsing import LookupFileError, read_imd2019
from linkwork.lookups.postcode_reading import read_postcodes
from linkwork.lookups.services import lookup_load

HEADER = "pcds,ctry,lsoa11,lat,long"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "onspd.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def held() -> PostcodeLookup:
    return PostcodeLookup.objects.create(
        postcode="G1 1AA",
        country="scotland",
        small_area_code="S01006500",
        latitude=55.86,
        longitude=-4.25,
    )


@pytest.mark.django_db
def test_text_in_the_latitude_column_refuses_the_file_and_keeps_the_rows(
    tmp_path: Path, held: PostcodeLookup
) -> None:
    path = write(
        tmp_path,
        HEADER,
        "EH1 1AA,S92000003,S01000001,55.95,-3.19",
        "G1 1AA,S92000003,S01006500,unknown,-4.25",
    )
    with pytest.raises(DomainError, match=r"Line 3, column lat: 'unknown' is not a number"):
        lookup_load(kind="onspd", path=path)
    held.refresh_from_db()
    assert (held.latitude, held.longitude) == (55.86, -4.25)
    assert PostcodeLookup.objects.count() == 1  # EH1 1AA, on the line before, was not written


@pytest.mark.django_db
def test_duplicate_postcodes_refuse_the_file_naming_both_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        "G1 1AA,S92000003,S01006500,55.86,-4.25",
        "EH1 1AA,S92000003,S01000001,55.95,-3.19",
        "g11aa,S92000003,S01000009,1,1",
    )
    with pytest.raises(DomainError, match="Lines 2 and 4 both give the postcode G1 1AA"):
        lookup_load(kind="onspd", path=path)
    assert not PostcodeLookup.objects.exists()


@pytest.mark.django_db
def test_a_two_megabyte_field_is_refused_not_a_crash(tmp_path: Path) -> None:
    limit_before = csv.field_size_limit()
    path = write(tmp_path, HEADER, "G1 1AA,S92000003," + "S" * 2_000_000 + ",55.86,-4.25")
    with pytest.raises(DomainError, match="Line 2"):
        lookup_load(kind="onspd", path=path)
    assert csv.field_size_limit() == limit_before
    assert not PostcodeLookup.objects.exists()


def test_a_long_cell_under_the_csv_limit_is_refused_naming_its_column() -> None:
    lines = [HEADER, "G1 1AA,S92000003," + "S" * 5000 + ",55.86,-4.25"]
    with pytest.raises(LookupFileError, match="Line 2, column lsoa11: 5000 characters"):
        list(read_postcodes(lines))


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_coordinates_are_refused(value: str) -> None:
    with pytest.raises(LookupFileError, match="column long"):
        list(read_postcodes([HEADER, f"G1 1AA,S92000003,S01006500,55.86,{value}"]))


def test_empty_coordinates_still_mean_not_known() -> None:
    (row,) = read_postcodes([HEADER, "G1 1AA,S92000003,S01006500,,"])
    assert (row.latitude, row.longitude) == (None, None)


def test_extra_cells_are_refused() -> None:
    with pytest.raises(LookupFileError, match="Line 2: more cells"):
        list(read_postcodes([HEADER, "G1 1AA,S92000003,S01006500,55.86,-4.25,oops"]))


IMD_HEADER = "lsoa11cd,imd_rank,imd_decile"


def test_a_huge_deprivation_rank_is_refused_not_a_crash() -> None:
    with pytest.raises(LookupFileError, match="Line 2: imd_rank is not a number"):
        read_imd2019([IMD_HEADER, "E01000001,1e400,1", "E01000002,30000,10"])


def test_duplicate_areas_are_refused_naming_both_lines() -> None:
    lines = [IMD_HEADER, "E01000001,10,1", "E01000002,30000,10", "E01000001,20,2"]
    with pytest.raises(LookupFileError, match="Lines 2 and 4 both give the area E01000001"):
        read_imd2019(lines)


def test_a_problem_in_a_later_batch_names_its_own_line() -> None:
    from linkwork.lookups.postcode_reading import read_postcode_frames

    lines = [HEADER, *(f"G1 1A{c},S92000003,S01006500,55.86,-4.25" for c in "BDEFG"), "x,y,z,1,2"]
    source = ("\n".join(lines) + "\n").encode()
    with pytest.raises(LookupFileError, match=r"Line 7: 'x' is not a UK postcode"):
        list(read_postcode_frames(source, batch_rows=2))
    # The first problem in the file wins, whichever check finds it.
    lines[3] = "G1 1AE,S92000003,S01006500,north,-4.25"
    source = ("\n".join(lines) + "\n").encode()
    with pytest.raises(LookupFileError, match="Line 4, column lat: 'north'"):
        list(read_postcode_frames(source, batch_rows=2))


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "onspd.csv"
    path.write_bytes(
        (HEADER + "\nG1 1AA,S92000003,S01006500,55.86,-4.25\n").encode() + b"\xff\xfe,1\n"
    )
    with pytest.raises(DomainError, match="not UTF-8 text"):
        lookup_load(kind="onspd", path=path)
    assert not PostcodeLookup.objects.exists()


@pytest.mark.django_db
def test_empty_text_and_missing_coordinates_reach_the_table_as_they_were_read(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        HEADER,
        "G1 1AA,S92000003,S01006500,,",
        'EH1 1AA,"S92000003",S01008000,"55.95",-3.19',
        "G2 1AA,S92000003,,55.86,-4.25",  # no small area: not a geographic postcode, left out
    )
    lookup_load(kind="onspd", path=path)
    held = {p.postcode: p for p in PostcodeLookup.objects.all()}
    assert set(held) == {"G1 1AA", "EH1 1AA"}
    assert (held["G1 1AA"].latitude, held["G1 1AA"].longitude) == (None, None)
    assert (held["EH1 1AA"].country, held["EH1 1AA"].latitude) == ("scotland", 55.95)
    assert held["EH1 1AA"].release == "onspd.csv"
