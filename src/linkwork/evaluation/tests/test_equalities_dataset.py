"""Equalities monitoring in the common dataset (banded, documented, read from older
packages) and in the evaluation's outcome breakdowns, with small groups withheld."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.analysis.outcomes import instrument_results
from linkwork.evaluation.dataset.extract import ExportFilters, extract, frame
from linkwork.evaluation.dataset.package import data_dictionary, read_package, write_package
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, new_key
from linkwork.evaluation.dataset.spec import TABLE_BY_NAME, TABLES
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.tests.test_analysis import tables
from linkwork.people.equalities import QUESTION_BY_FIELD, QUESTIONS
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld


@pytest.mark.django_db
def test_dataset_bands_answers_and_leaves_unasked_empty(
    casework: SmallWorld, tmp_path: Path
) -> None:
    people = list(Person.objects.filter(scheme=casework.scheme).order_by("pk"))
    assert len(people) >= 3
    Person.objects.filter(pk=people[0].pk).update(religion="sikh", disability="yes_a_lot")
    Person.objects.filter(pk=people[1].pk).update(religion="not_stated", disability="no")
    result = extract(ExportFilters(), pseudonymiser=Pseudonymiser(new_key()), identifiable=True)
    people_frame = result.tables["people"]
    by_person = {row["person"]: row for row in people_frame.iter_rows(named=True)}
    assert by_person[str(people[0].pk)]["religion"] == "another"
    assert by_person[str(people[0].pk)]["disability"] == "yes"
    assert by_person[str(people[1].pk)]["religion"] == "not_stated"
    assert by_person[str(people[2].pk)]["religion"] is None
    # Nowhere in the export is a small faith group named.
    assert "sikh" not in set(people_frame["religion"].drop_nulls())
    out = write_package(
        result.tables, tmp_path / "pkg", identifiable=True, parquet=False, meta={}
    ).parent
    assert read_package(out)["people"]["religion"].to_list() == people_frame["religion"].to_list()


def test_data_dictionary_documents_each_question() -> None:
    text = data_dictionary(identifiable=False)
    fields = {f.name: f for f in TABLE_BY_NAME["people"].fields}
    for question in QUESTIONS:
        assert f"| {question.field} | string |" in text
        assert fields[question.field].added_in == "1.3.0"
        assert set(fields[question.field].enum) == set(question.band_labels)
    assert "not an NHS Data Dictionary" in text
    # Sexual orientation's answers are the national ones, and the dictionary says so.
    assert "NHS Data Dictionary SEXUAL ORIENTATION (CODE, 2015)" in text
    assert "not_sure = U" in text


def test_sexual_orientation_answers_map_to_the_nhs_codes() -> None:
    question = QUESTION_BY_FIELD["sexual_orientation"]
    assert set(question.nhs_codes) == question.codes
    assert question.nhs_codes == {
        "heterosexual": "1",
        "gay_lesbian": "2",
        "bisexual": "3",
        "other": "4",
        "not_sure": "U",
        "not_stated": "Z",
        "not_asked": "9",
    }
    # "Not sure" is published with "prefers not to say", never as a group of its own.
    assert question.band("not_sure") == "not_stated"
    assert all(
        not q.nhs_codes for q in QUESTIONS if q.field not in {"sexual_orientation", "religion"}
    )


def test_religion_answers_map_to_the_nhs_group_codes() -> None:
    question = QUESTION_BY_FIELD["religion"]
    assert set(question.nhs_codes) == question.codes
    assert question.nhs_codes == {
        "none": "L",
        "christian": "C",
        "buddhist": "B",
        "hindu": "D",
        "jewish": "F",
        "muslim": "G",
        "sikh": "I",
        "other": "K",
        "not_stated": "M",
        "not_asked": "N",
    }


def test_a_package_from_before_the_questions_reads_them_as_missing(tmp_path: Path) -> None:
    made = tables()
    old = {spec.name: made.get(spec.name, frame(spec, [], identifiable=False)) for spec in TABLES}
    old["people"] = made["people"].drop([q.field for q in QUESTIONS])
    out = write_package(
        old,
        tmp_path / "old",
        identifiable=False,
        parquet=False,
        meta={},
    ).parent
    descriptor = json.loads((out / "datapackage.json").read_text())
    descriptor["version"] = "1.2.0"
    for resource in descriptor["resources"]:
        if resource["name"] == "people":
            resource["schema"]["fields"] = [
                f for f in resource["schema"]["fields"] if f["name"] not in QUESTION_BY_FIELD
            ]
    (out / "datapackage.json").write_text(json.dumps(descriptor))
    people = read_package(out)["people"]
    assert people["disability"].null_count() == people.height > 0


def _with_answers(disability: list[str | None]) -> EvaluationData:
    made = tables(len(disability))
    people = made["people"].with_columns(pl.Series("disability", disability, dtype=pl.Utf8))
    return EvaluationData(tables={**made, "people": people}, reference_date=date(2026, 6, 1))


def test_outcomes_are_broken_down_by_each_question() -> None:
    answers: list[str | None] = [*["yes"] * 5, *["not_stated"] * 4, *[None] * 3]
    [block] = instrument_results(_with_answers(answers), threshold=None)
    rows = {row["group"]: row["n"] for row in block["breakdowns"]["Disability"]}
    assert rows == {"yes": 5, "not_stated": 4, "not recorded": 3}
    for question in QUESTIONS:
        assert question.label in block["breakdowns"]


def test_small_groups_are_withheld_from_an_external_report() -> None:
    answers: list[str | None] = [*["yes"] * 2, *["no"] * 5, *["not_stated"] * 5]
    external = build_report(_with_answers(answers), audience="external", threshold=5)
    [block] = external["outcomes"]
    rows = {row["group"]: row for row in block["breakdowns"]["Disability"]}
    assert rows["yes"]["n"] is None  # two people: hidden
    # and nothing recovers it: no published group is under the threshold.
    assert all(row["n"] is None or row["n"] >= 5 for row in rows.values())
    assert sum(row["n"] is None for row in rows.values()) >= 2
    own = build_report(_with_answers(answers), audience="scheme")
    [mine] = own["outcomes"]
    assert {row["group"]: row["n"] for row in mine["breakdowns"]["Disability"]}["yes"] == 2
