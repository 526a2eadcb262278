from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import frictionless
import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Referral
from linkwork.episodes.services.financial_gains import financial_gain_record
from linkwork.evaluation.dataset import extract as extraction
from linkwork.evaluation.dataset.extract import ExportFilters, extract
from linkwork.evaluation.dataset.package import read_package
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, new_key
from linkwork.evaluation.dataset.spec import TABLES
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.people.data_rights import person_restrict, person_unrestrict
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def export(out: Path, *args: str) -> str:
    stdout = StringIO()
    call_command("export", "common-dataset", "--out", str(out), *args, stdout=stdout)
    return stdout.getvalue()


def test_export_is_a_valid_frictionless_package(casework: SmallWorld, tmp_path: Path) -> None:
    output = export(tmp_path / "pkg", "--parquet")
    assert "pseudonymised data package" in output
    report = frictionless.validate(str(tmp_path / "pkg" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    assert [r["name"] for r in descriptor["resources"]] == [t.name for t in TABLES]
    assert descriptor["version"] == "1.3.0"
    assert (tmp_path / "pkg" / "parquet" / "referrals.parquet").exists()
    assert "| person | string |" in (tmp_path / "pkg" / "data-dictionary.md").read_text()


def test_people_are_pseudonymised_and_free_text_never_leaves(
    casework: SmallWorld, tmp_path: Path
) -> None:
    export(tmp_path / "a")
    text = "".join(p.read_text() for p in (tmp_path / "a" / "data").glob("*.csv"))
    for person in Person.objects.all():
        assert str(person.pk) not in text
        assert person.given_name not in text
        assert person.date_of_birth.isoformat() not in text
    assert "Private note" not in text
    assert "Dr Gp Tester" not in text
    tables = read_package(tmp_path / "a")
    assert set(tables["referrals"]["person"]) <= set(tables["people"]["person"])
    assert tables["referrals"]["age_band"].null_count() == 0
    assert "date_of_birth" not in tables["people"].columns


def test_tokens_are_stable_within_and_unlinkable_across_exports(
    casework: SmallWorld, tmp_path: Path
) -> None:
    export(tmp_path / "one")
    export(tmp_path / "two")
    one = set(read_package(tmp_path / "one")["people"]["person"])
    two = set(read_package(tmp_path / "two")["people"]["person"])
    assert one.isdisjoint(two)
    key = tmp_path / "key.bin"
    key.write_bytes(b"k" * 32)
    export(tmp_path / "k1", "--key-file", str(key))
    export(tmp_path / "k2", "--key-file", str(key))
    assert read_package(tmp_path / "k1")["people"].equals(read_package(tmp_path / "k2")["people"])


def test_package_reads_back_to_the_same_frames(casework: SmallWorld, tmp_path: Path) -> None:
    pseudonymiser = Pseudonymiser(b"x" * 32)
    live = extract(ExportFilters(), pseudonymiser=pseudonymiser).tables
    from linkwork.evaluation.dataset.package import write_package

    write_package(live, tmp_path / "p", identifiable=False, parquet=False, meta={})
    back = read_package(tmp_path / "p")
    for name, frame in live.items():
        assert back[name].equals(frame), name


def test_identifiable_export_needs_an_entitled_user_and_is_audited(
    casework: SmallWorld, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="needs the user"):
        export(tmp_path / "x", "--identifiable")
    with pytest.raises(CommandError, match="may not export identifiable data"):
        export(tmp_path / "x", "--identifiable", "--as", "linkworker")
    with pytest.raises(CommandError, match="may not export identifiable data"):
        export(tmp_path / "x", "--identifiable", "--as", "manager")  # both schemes
    export(tmp_path / "id", "--identifiable", "--as", "manager", "--scheme", casework.scheme.slug)
    people = pl.read_csv(tmp_path / "id" / "data" / "people.csv")
    assert "nhs_number" in people.columns
    assert "Person3" in people["given_name"].to_list()
    audited = AuditEvent.objects.get(
        action="export", object_type="common_dataset", actor__username="manager"
    )
    assert audited.subjects.count() == people.height


def test_filters_and_bad_input(casework: SmallWorld, tmp_path: Path) -> None:
    output = export(tmp_path / "f", "--scheme", casework.scot_scheme.slug)
    assert "referrals                 0 rows" in output
    with pytest.raises(CommandError, match="not a date"):
        export(tmp_path / "g", "--from", "yesterday")
    with pytest.raises(CommandError, match="No scheme matches"):
        export(tmp_path / "h", "--region", "atlantis")
    with pytest.raises(CommandError, match="must not be after"):
        export(tmp_path / "i", "--from", "2026-02-01", "--to", "2026-01-01")


def test_hostile_names_are_neutralised_and_numbers_stay_numbers(
    casework: SmallWorld, tmp_path: Path
) -> None:
    person = Person.objects.order_by("created_at").first()
    assert person is not None
    person.given_name, person.family_name = "=cmd|' /C calc'!A0", "@SUM(1+1)"
    person.save()
    export(tmp_path / "id", "--identifiable", "--as", "manager", "--scheme", casework.scheme.slug)
    people = pl.read_csv(tmp_path / "id" / "data" / "people.csv", infer_schema=False)
    assert "'=cmd|' /C calc'!A0" in people["given_name"].to_list()
    assert "'@SUM(1+1)" in people["family_name"].to_list()
    text = (tmp_path / "id" / "data" / "people.csv").read_text()
    assert ",=cmd" not in text
    # Read back as the product reads its own packages: the names return as they were,
    # numeric columns keep their numeric type.
    tables = read_package(tmp_path / "id")
    assert "=cmd|' /C calc'!A0" in tables["people"]["given_name"].to_list()
    assert tables["referrals"]["waiting_days"].dtype == pl.Int64


def test_a_restricted_persons_rows_are_left_out_until_the_restriction_is_lifted(
    casework: SmallWorld,
) -> None:
    manager = casework.users[Role.SCHEME_MANAGER]
    referral = Referral.objects.filter(encounters__isnull=False).order_by("received_on").first()
    assert referral is not None
    administration_record(
        referral=referral,
        actor=casework.users[Role.LINK_WORKER],
        questionnaire=Questionnaire(
            "ons4", "baseline", referral.received_on + timedelta(days=1), "with_link_worker"
        ),
        responses=[6, 5, 4, 3],
    )
    pseudonymiser = Pseudonymiser(new_key())
    token = pseudonymiser.token("person", referral.person_id)

    def rows_of_the_person() -> dict[str, int]:
        tables = extract(ExportFilters(), pseudonymiser=pseudonymiser).tables
        counts = {
            name: tables[name].filter(pl.col("person") == token).height
            for name in ("people", "referrals", "encounters", "outcome_scores")
        }
        counts["referral_reasons"] = (
            tables["referral_reasons"].filter(pl.col("referral_id") == str(referral.pk)).height
        )
        return counts

    assert all(rows_of_the_person().values())
    person_restrict(person=referral.person, actor=manager, reason="Objected to processing")
    assert rows_of_the_person() == dict.fromkeys(
        ("people", "referrals", "encounters", "outcome_scores", "referral_reasons"), 0
    )
    person_unrestrict(person=referral.person, actor=manager)
    assert all(rows_of_the_person().values())


def test_a_birth_date_after_the_referral_is_counted_not_fatal(
    casework: SmallWorld, tmp_path: Path
) -> None:
    referral = Referral.objects.order_by("received_on").first()
    assert referral is not None
    Person.objects.filter(pk=referral.person_id).update(
        date_of_birth=referral.received_on + timedelta(days=30)
    )
    referrals = extract(ExportFilters(), pseudonymiser=Pseudonymiser(new_key())).tables["referrals"]
    bad = referrals.filter(pl.col("referral_id") == str(referral.pk))
    assert bad["age_band"].to_list() == [None]
    assert referrals.filter(pl.col("age_band").is_not_null()).height == referrals.height - 1

    out = tmp_path / "report.json"
    call_command("report", "evaluation", "--out", str(out), "--format", "json", stdout=StringIO())
    quality = json.loads(out.read_text())["data_quality"]["by_scheme"]
    assert any(row["age"] is not None and row["age"] < 100 for row in quality)


def test_financial_gains_are_exported_by_type_and_amount_in_batches(
    casework: SmallWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = casework.users[Role.LINK_WORKER]
    referrals = list(Referral.objects.order_by("received_on", "id"))[:5]
    for index, referral in enumerate(referrals):
        financial_gain_record(
            referral=referral,
            actor=worker,
            kind="benefit_award" if index % 2 else "grant",
            amount_pence=12550 + index,
            recorded_on=referral.received_on + timedelta(days=3),
            annual=bool(index % 2),
        )
    # Five episodes a batch of two at a time: every gain still comes out, once.
    monkeypatch.setattr(extraction, "ID_BATCH", 2)
    tables = extract(ExportFilters(), pseudonymiser=Pseudonymiser(new_key())).tables
    gains = tables["financial_gains"]
    assert gains.height == 5
    assert sorted(gains["amount_pence"].to_list()) == [12550, 12551, 12552, 12553, 12554]
    first = gains.filter(pl.col("amount_pence") == 12551).row(0, named=True)
    assert first["gain_type"] == "benefit_award"
    assert first["gain_type_name"] == "Benefit awarded or increased"
    assert first["annual"] is True
    assert first["referral_id"] == str(referrals[1].pk)
    # The person is the export's token, the same as on the referral, never the record's id.
    on_referral = tables["referrals"].filter(pl.col("referral_id") == str(referrals[1].pk))
    assert first["person"] == on_referral["person"][0]
    assert first["person"] != str(referrals[1].person_id)
    assert gains["gain_type"].dtype == pl.Utf8
    assert gains["amount_pence"].dtype == pl.Int64
