"""Loading practice populations by small area, and the Deep End share each practice gets."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.core.errors import DomainError
from linkwork.lookups.models import AreaDeprivation, PracticeDeprivation
from linkwork.lookups.services import (
    NATIONAL_AREAS,
    PRACTICE_POPULATION_SAMPLES,
    lookup_load,
    lookup_load_samples,
)

pytestmark = pytest.mark.django_db

HEADER = "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS"


def load(path: Path) -> str:
    out = StringIO()
    call_command("lookups", "load", "practice-populations", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "practices.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def expected_share(path: Path, practice: str, *, code: str, area: str, count: str) -> float:
    """The Deep End share worked out by hand from the fixture and the loaded ranks."""
    ranks = dict(AreaDeprivation.objects.values_list("area_code", "rank"))
    index = {"E": "imd2019", "S": "simd2020"}
    total = deprived = 0
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row[code] != practice or row.get("Sex", "ALL") in {"All"}:
                continue
            if row[area] not in ranks:
                continue
            total += int(row[count])
            cut = int(0.15 * NATIONAL_AREAS[index[row[area][0]]])
            deprived += int(row[count]) if ranks[row[area]] <= cut else 0
    return round(100 * deprived / total, 1)


def test_the_english_sample_loads_with_the_deep_end_share() -> None:
    lookup_load_samples()
    path = PRACTICE_POPULATION_SAMPLES["england"]
    assert load(path) == "practice-populations: 4 added, 0 updated, 0 unchanged.\n"
    deep_end = PracticeDeprivation.objects.get(practice_code="P90001")
    assert deep_end.country == "england"
    assert deep_end.index == "imd2019"
    assert deep_end.extract_date == "01-OCT-2024"
    assert deep_end.deep_end_share == expected_share(
        path, "P90001", code="PRACTICE_CODE", area="LSOA_CODE", count="NUMBER_OF_PATIENTS"
    )
    assert deep_end.deep_end_share == 100.0
    # Practices rank by their share: the highest is in the first quintile, and the quintiles
    # rise as the share falls (deep end, mixed, leafy).
    quintiles = [
        PracticeDeprivation.objects.get(practice_code=code).practice_quintile
        for code in ("P90001", "P90002", "P90003")
    ]
    assert quintiles == [1, 2, 4]
    # A practice whose patients live only in areas without a rank takes no quintile.
    unknown = PracticeDeprivation.objects.get(practice_code="P90004")
    assert (unknown.patients, unknown.patients_with_area) == (1500, 0)
    assert unknown.practice_quintile is None


def test_the_scottish_sample_adds_up_the_sexes() -> None:
    lookup_load_samples()
    path = PRACTICE_POPULATION_SAMPLES["scotland"]
    load(path)
    with path.open(newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["PracticeCode"] == "90011"]
    practice = PracticeDeprivation.objects.get(practice_code="90011")
    assert practice.patients == sum(int(r["AllAges"]) for r in rows)
    assert practice.country == "scotland"
    assert practice.deep_end_share == expected_share(
        path, "90011", code="PracticeCode", area="DataZone", count="AllAges"
    )
    assert practice.practice_quintile == 1


def test_reloading_the_same_file_changes_nothing() -> None:
    lookup_load_samples()
    path = PRACTICE_POPULATION_SAMPLES["england"]
    load(path)
    before = list(PracticeDeprivation.objects.order_by("practice_code").values())
    assert load(path) == "practice-populations: 0 added, 0 updated, 4 unchanged.\n"
    assert list(PracticeDeprivation.objects.order_by("practice_code").values()) == before


def test_all_rows_are_used_in_place_of_the_sexes_when_given(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        "X,01-OCT-2024,A1,A,E01000001,MALE,10",
        "X,01-OCT-2024,A1,A,E01000001,FEMALE,12",
        "X,01-OCT-2024,A1,A,E01000001,ALL,22",
    )
    load(path)
    assert PracticeDeprivation.objects.get(practice_code="A1").patients == 22


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["PRACTICE_CODE,LSOA_CODE,SEX", "A1,E01000001,ALL"],
            "No column matching NUMBER_OF_PATIENTS or AllAges",
        ),
        (
            [HEADER, "X,01-OCT-2024,A1,A,E01000001,ALL,twelve"],
            "Line 2, column NUMBER_OF_PATIENTS: 'twelve' is not a whole number of patients.",
        ),
        (
            [HEADER, "X,01-OCT-2024,A1,A,E01000001,ALL,3", "X,01-OCT-2024,A1,A,W01000001,ALL,4"],
            "Line 3, column LSOA_CODE: 'W01000001' is neither an English LSOA",
        ),
        (
            [HEADER, "X,01-OCT-2024,A1,A,E01000001,ALL,3", "X,01-OCT-2024,A1,A,E01000001,ALL,4"],
            "practice A1 and area E01000001 appear more than once",
        ),
        ([HEADER], "The file has a header but no data rows."),
    ],
)
def test_bad_files_are_refused_with_a_specific_message_and_write_nothing(
    tmp_path: Path, lines: list[str], message: str
) -> None:
    path = write(tmp_path, *lines)
    with pytest.raises(CommandError, match=r"^practices\.csv: ") as caught:
        load(path)
    assert message in str(caught.value)
    assert not PracticeDeprivation.objects.exists()


def test_a_bad_file_leaves_an_earlier_load_as_it_was(tmp_path: Path) -> None:
    lookup_load_samples()
    load(PRACTICE_POPULATION_SAMPLES["england"])
    before = list(PracticeDeprivation.objects.order_by("practice_code").values())
    with pytest.raises(DomainError):
        lookup_load(
            kind="practice-populations",
            path=write(tmp_path, HEADER, "X,01-OCT-2024,P90001,A,E01000001,ALL,-5"),
        )
    assert list(PracticeDeprivation.objects.order_by("practice_code").values()) == before
