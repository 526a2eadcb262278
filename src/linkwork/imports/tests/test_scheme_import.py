"""Importing into a live scheme: what is written, matched, flagged, updated and skipped."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Connection, Encounter, FinancialGain, Referral
from linkwork.imports.harmonise.profile import PROFILE_DIR
from linkwork.imports.models import ImportedRecord, ImportRun
from linkwork.outcomes.models import Administration
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld, build_small_world, refer

from .conftest import CASE_HEADERS, EXAMPLES, GOOD_ROW

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallWorld:
    world = build_small_world()
    policy = world.scheme.policy
    policy.outcome_tools = ["ons4", "swemwbs"]
    policy.save(update_fields=["outcome_tools"])
    return world


def import_scheme(world: SmallWorld, *args: str) -> None:
    call_command(
        "import",
        "scheme",
        "--scheme",
        world.scheme.slug,
        "--as",
        world.users[Role.SCHEME_MANAGER].username,
        *args,
    )


def test_clean_file_is_written_with_its_source_ids(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    second = {**GOOD_ROW, "Client ID": "C2", "Referral ID": "R2", "NHS No": "9434765870"}
    path = case_file(GOOD_ROW, second)
    import_scheme(world, "--profile", "case-management", str(path))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert Person.objects.filter(scheme=world.scheme).count() == 2
    referral = Referral.objects.get(person__nhs_number="9434765919")
    assert referral.status == "active"
    assert referral.first_contact_on is not None
    assert Encounter.objects.get(referral=referral).session_number == 1
    administration = Administration.objects.get(referral=referral)
    assert administration.scores["total"] == 21
    assert administration.primary_score is not None
    assert run.counts["person"] == {"created": 2}
    assert ImportedRecord.objects.filter(import_run=run, kind="person").count() == 2
    assert AuditEvent.objects.filter(object_type="person", action="create").exists()


def test_reimport_skips_then_updates_what_changed(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW)))
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW)))
    second = ImportRun.objects.order_by("created_at").last()
    assert second is not None
    assert (second.created, second.updated) == (0, 0)
    assert Person.objects.count() == 1
    assert Referral.objects.count() == 1
    changed = {**GOOD_ROW, "Referral Reason(s)": "Housing"}
    import_scheme(world, "--profile", "case-management", str(case_file(changed)))
    third = ImportRun.objects.order_by("created_at").last()
    assert third is not None
    assert third.updated == 1
    assert third.created == 0
    assert Referral.objects.get().reasons == ["housing"]


def test_a_person_with_the_same_nhs_number_is_matched_not_copied(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    existing = refer(world, person={"nhs_number": "9434765919"}).person
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW)))
    assert Person.objects.count() == 1
    assert Referral.objects.filter(person=existing).count() == 2
    run = ImportRun.objects.get()
    assert run.counts["person"] == {"matched": 1}
    existing.refresh_from_db()
    assert existing.given_name != "(name not recorded)"


def test_a_file_with_problems_writes_nothing(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    bad = {**GOOD_ROW, "Client ID": "C2", "Referral ID": "R2", "NHS No": "1234567890"}
    with pytest.raises(CommandError, match="nothing was written"):
        import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW, bad)))
    assert not Person.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_skip_invalid_writes_the_valid_rows_and_rejects_the_rest(
    world: SmallWorld, case_file: Callable[..., Path], tmp_path: Path
) -> None:
    bad = {**GOOD_ROW, "Client ID": "C2", "Referral ID": "R2", "NHS No": "1234567890"}
    rejects = tmp_path / "rejects.csv"
    path = case_file(GOOD_ROW, bad)
    import_scheme(
        world,
        "--profile",
        "case-management",
        "--skip-invalid",
        "--rejects",
        str(rejects),
        str(path),
    )
    assert Person.objects.count() == 1
    assert ImportRun.objects.get().rejected == 1
    assert "1234567890" in rejects.read_text(encoding="utf-8")


def test_scheme_rules_are_checked_in_the_dry_run(
    world: SmallWorld, case_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    no_source = {**GOOD_ROW, "Referral Source": ""}
    with pytest.raises(CommandError, match="1 problem"):
        import_scheme(world, "--profile", "case-management", "--dry-run", str(case_file(no_source)))
    assert "source is missing" in capsys.readouterr().out
    assert not ImportRun.objects.exists()


def test_values_longer_than_linkwork_keeps_are_problems_not_cut_or_failed_writes(
    world: SmallWorld, case_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    long_id = {**GOOD_ROW, "Client ID": "C" * 300}
    no_postcode = {
        **GOOD_ROW,
        "Client ID": "C2",
        "Referral ID": "R2",
        "NHS No": "9434765870",
        "Post Code": "NO FIXED ABODE",
    }
    path = case_file(long_id, no_postcode)
    with pytest.raises(CommandError, match="2 problem"):
        import_scheme(world, "--profile", "case-management", "--dry-run", str(path))
    out = capsys.readouterr().out
    assert "Client ID: this value is 300 characters long; linkwork keeps at most 200" in out
    assert "Post Code: this value is 14 characters long; linkwork keeps at most 8" in out
    assert "Value longer than linkwork keeps (too_long)" in out
    with pytest.raises(CommandError, match="nothing was written"):
        import_scheme(world, "--profile", "case-management", str(path))
    assert not Person.objects.exists()


def test_a_practice_the_scheme_does_not_serve_is_said_before_the_import(
    world: SmallWorld, case_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    world.practice.code = "B86001"
    world.practice.save(update_fields=["code"])
    elsewhere = {
        **GOOD_ROW,
        "Client ID": "C2",
        "Referral ID": "R2",
        "NHS No": "9434765870",
        "GP Practice Code": "z99999",
    }
    import_scheme(
        world, "--profile", "case-management", "--dry-run", str(case_file(GOOD_ROW, elsewhere))
    )
    out = capsys.readouterr().out
    assert "1 referral names a practice" in out
    assert "(Z99999): they are imported with no practice" in out
    assert "B86001" not in out
    # The import's page still says so once it has run.
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW, elsewhere)))
    (note,) = [n for n in ImportRun.objects.get().notes if n["kind"] == "check"]
    assert note["text"].startswith("1 referral names a practice")


def test_every_shipped_example_imports_with_skip_invalid(world: SmallWorld) -> None:
    for profile, name in (
        ("case-management", "case-management-example.csv"),
        ("gp-system-snomed", "gp-system-snomed-example.csv"),
        ("linkwork-template", "linkwork-template-example.xlsx"),
    ):
        import_scheme(world, "--profile", profile, "--skip-invalid", str(EXAMPLES / name))
    assert ImportRun.objects.filter(status=ImportRun.Status.DONE).count() == 3
    assert Person.objects.filter(scheme=world.scheme).count() > 5
    assert Connection.objects.exists()
    assert FinancialGain.objects.exists()


def test_reversal_removes_what_the_import_created(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    existing = refer(world, person={"nhs_number": "9434765919"}).person
    second = {**GOOD_ROW, "Client ID": "C2", "Referral ID": "R2", "NHS No": "9434765870"}
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW, second)))
    run = ImportRun.objects.get()
    call_command("import", "reverse", str(run.pk), "--as", "manager")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REVERSED
    assert list(Person.objects.all()) == [existing]
    assert Referral.objects.filter(person=existing).count() == 1
    assert not Encounter.objects.exists()
    assert not Administration.objects.exists()
    assert not ImportedRecord.objects.exists()
    # Importing again after a reversal writes the records afresh.
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW, second)))
    assert Person.objects.count() == 2


def test_a_session_added_since_blocks_reversal(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW)))
    referral = Referral.objects.get()
    Encounter.objects.create(
        scheme=world.scheme,
        person=referral.person,
        referral=referral,
        occurred_on=referral.received_on,
        mode="telephone",
        duration_minutes=20,
        recorded_by=world.users[Role.LINK_WORKER],
    )
    run = ImportRun.objects.get()
    with pytest.raises(
        CommandError,
        match=("1 session added since it was imported refers to referrals and people it created"),
    ):
        call_command("import", "reverse", str(run.pk), "--as", "manager")
    assert Person.objects.count() == 1
    assert Encounter.objects.count() == 2
    assert ImportedRecord.objects.filter(import_run=run).exists()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE


def test_same_name_and_birth_with_another_number_is_flagged_not_merged(
    world: SmallWorld, case_file: Callable[..., Path], tmp_path: Path
) -> None:
    existing = refer(world).person  # Ada Lovelace, born 10 December 1960, no number
    data = json.loads((PROFILE_DIR / "case-management.json").read_text(encoding="utf-8"))
    person = data["records"][0]["fields"]
    person["given_name"] = {"column": "First Name"}
    person["family_name"] = {"column": "Surname"}
    profile = tmp_path / "named.json"
    profile.write_text(json.dumps(data), encoding="utf-8")
    row = {**GOOD_ROW, "First Name": "Ada", "Surname": "Lovelace", "DOB": "10/12/1960"}
    path = case_file(row, headers=[*CASE_HEADERS, "First Name", "Surname"])
    import_scheme(world, "--profile", str(profile), str(path))
    assert Person.objects.count() == 2
    new = Person.objects.exclude(pk=existing.pk).get()
    assert new.merged_into is None
    assert (new.given_name, new.family_name) == ("Ada", "Lovelace")
    [note] = [n for n in ImportRun.objects.get().notes if n["kind"] != "check"]
    assert note == {
        "kind": "possible_duplicate",
        "source_id": "C1",
        "person_id": str(new.pk),
        "existing_id": str(existing.pk),
    }


def test_a_reimport_never_undoes_what_staff_recorded_since(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW)))
    # Staff give the person their name and close the episode.
    Person.objects.update(given_name="Grace", family_name="Hopper")
    Referral.objects.update(status="discharged", discharge_reason="goals_met")
    import_scheme(world, "--profile", "case-management", str(case_file(GOOD_ROW)))
    second = ImportRun.objects.order_by("created_at").last()
    assert second is not None
    assert second.updated == 0
    referral = Referral.objects.get()
    assert referral.status == "discharged"
    # A later export changes the postcode: that is updated, the name staff gave is kept.
    import_scheme(
        world, "--profile", "case-management", str(case_file({**GOOD_ROW, "Post Code": "LS1 1AA"}))
    )
    person = Person.objects.get()
    assert person.postcode == "LS1 1AA"
    assert (person.given_name, person.family_name) == ("Grace", "Hopper")


def test_the_gp_example_brings_its_swemwbs_scores_with_their_timepoints(
    world: SmallWorld,
) -> None:
    import_scheme(
        world,
        "--profile",
        "gp-system-snomed",
        "--skip-invalid",
        str(EXAMPLES / "gp-system-snomed-example.csv"),
    )
    run = ImportRun.objects.get()
    assert run.counts["questionnaire"]["created"] >= 2
    assert not any(code == "missing_value" for *_, code in run.rejections), run.rejections
    scores = Administration.objects.filter(scheme=world.scheme, instrument_id="swemwbs")
    first = scores.order_by("administered_on").first()
    assert first is not None
    assert first.timepoint == "baseline"
    assert set(scores.values_list("timepoint", flat=True)) <= {"baseline", "review"}
