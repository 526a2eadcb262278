"""A large export is checked and written in parts split by person, so memory holds one part's
records whatever the file's size. Split or whole, the same export must give the same problems,
the same rows left out and the same records written."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from linkwork.accounts.roles import Role
from linkwork.episodes.lifecycle import SNOMED_DECLINED, SNOMED_REFERRED
from linkwork.episodes.models import Referral
from linkwork.imports import services
from linkwork.imports.checking import checked_export
from linkwork.imports.harmonise import export_check
from linkwork.imports.harmonise.profile import load_profile, parse_profile
from linkwork.imports.harmonise.reading import SOURCE_ROW_COLUMN
from linkwork.imports.models import ImportedRecord, ImportRun
from linkwork.imports.services import import_run_create, import_run_execute
from linkwork.outcomes.models import Administration
from linkwork.people.models import Person
from linkwork.testing.nhs_numbers import nhs_numbers
from linkwork.testing.world import SmallWorld

from .conftest import GOOD_ROW, swemwbs_world
from .test_gp_codes import HEADERS as GP_HEADERS
from .test_several_files import PROFILE as TWO_FILES

pytestmark = pytest.mark.django_db

WHOLE = 10**9
SMALL_PARTS = 3_000


def messy_rows() -> list[dict[str, str]]:
    """Sixty clients with one to three referrals each, and the problems a real export has:
    one referral id given to two clients, one NHS number given to two clients, a client
    whose date of birth differs between rows, an exact repeat, an impossible date, a formula."""
    numbers = nhs_numbers(60, after=943_000_000)
    rows = []
    for client in range(60):
        for referral in range(1 + client % 3):
            day = 1 + (client + referral) % 27
            rows.append(
                {
                    **GOOD_ROW,
                    "Client ID": f"C{client}",
                    "Referral ID": f"R{client}-{referral}",
                    "NHS No": numbers[client],
                    "Referral Date": f"{day:02d}/01/2025",
                    "First Contact Date": f"{day:02d}/02/2025",
                    "SWEMWBS Date": f"{day:02d}/02/2025",
                }
            )
    rows.insert(row_of(rows, "R25-0") - 1, dict(rows[row_of(rows, "R25-0") - 2]))
    rows[row_of(rows, "R50-0") - 2]["Referral ID"] = "R15-0"
    for row in rows:
        if row["Client ID"] == "C40":
            row["NHS No"] = numbers[12]
    rows[row_of(rows, "R5-1") - 2]["DOB"] = "13/03/1958"
    rows[row_of(rows, "R20-0") - 2]["Referral Date"] = "31/02/2025"
    rows[row_of(rows, "R30-0") - 2]["Ethnicity"] = "=HYPERLINK(A1)"
    return rows


def row_of(rows: list[dict[str, str]], referral: str) -> int:
    """The spreadsheet row (the header is row 1) of the last row with this referral id."""
    return max(i for i, r in enumerate(rows) if r["Referral ID"] == referral) + 2


@pytest.fixture
def export(case_file: Callable[..., Path]) -> Path:
    return case_file(*messy_rows())


# The first row of each client.
ROWS = {
    client: min(i for i, r in enumerate(messy_rows()) if r["Client ID"] == client) + 2
    for client in ("C5", "C12", "C15", "C20", "C25", "C30", "C40", "C50")
}


def part_of(parts: list[list[Path]], row: int) -> int:
    for number, (path,) in enumerate(parts):
        with path.open(encoding="utf-8", newline="") as handle:
            if any(r[SOURCE_ROW_COLUMN] == str(row) for r in csv.DictReader(handle)):
                return number
    raise AssertionError(f"row {row} is in no part")


def summary(world: SmallWorld, export: Path, part_bytes: int) -> dict[str, Any]:
    profile = load_profile("case-management")
    with checked_export(
        scheme=world.scheme, profile=profile, paths=[export], part_bytes=part_bytes
    ) as check:
        parts = check.split.parts
        where = (
            {client: part_of(parts, ROWS[client]) for client in ("C15", "C50", "C12", "C40")}
            if len(parts) > 1
            else {}
        )
        return {
            "parts": len(parts),
            "where": where,
            "problems": sorted((p.file, p.row, p.field, p.code) for p in check.report.problems),
            "rejected": sorted(check.reasons),
            "rows_read": check.rows_read(),
            "records": check.record_count(),
            "importable": check.importable(),
            "preview": [(r.kind, r.row) for r in check.first_records[:10]],
        }


def test_a_split_export_finds_every_problem_the_whole_one_finds(export: Path) -> None:
    world = swemwbs_world()
    whole = summary(world, export, WHOLE)
    split = summary(world, export, SMALL_PARTS)
    assert whole["parts"] == 1
    assert split["parts"] > 4
    # The clients sharing a referral id (C15 and C50) and an NHS number (C12 and C40) are in
    # different parts: only the check across parts can find those problems.
    where = split.pop("where")
    assert isinstance(where, dict)
    assert where["C15"] != where["C50"]
    assert where["C12"] != where["C40"]
    codes = {(row, code) for _, row, _, code in whole["problems"]}
    assert {
        (ROWS["C50"], "duplicate_id"),
        (ROWS["C40"], "duplicate_number"),
        (ROWS["C25"] + 1, "duplicate_row"),
        (ROWS["C5"] + 1, "conflicting_person"),
        (ROWS["C20"], "invalid_date"),
        (ROWS["C30"], "formula_cell"),
    } <= codes
    split.pop("parts"), whole.pop("parts"), whole.pop("where")
    # The preview shows the export's first records, whichever part they went to.
    assert whole["preview"][0] == ("person", 2)
    assert split == whole


def written(world: SmallWorld, export: Path, part_bytes: int, rejects: Path) -> dict[str, Any]:
    """Import the export with its valid rows, note what was written, and undo it."""
    profile = load_profile("case-management")
    sid = transaction.savepoint()
    run = import_run_create(
        scheme=world.scheme,
        actor=world.users[Role.SCHEME_MANAGER],
        profile=profile,
        paths=[export],
        skip_invalid=True,
    )
    run = import_run_execute(
        run=run,
        profile=profile,
        paths=[export],
        rejects_path=rejects,
        chunk_records=40,
        part_bytes=part_bytes,
    )
    seen = {
        "status": run.status,
        "counts": run.counts,
        "rejected": run.rejected,
        "chunks": (run.chunks_done, run.chunks_total),
        "sources": sorted(
            ImportedRecord.objects.filter(import_run=run).values_list("kind", "source_id")
        ),
        "people": Person.objects.filter(scheme=world.scheme).count(),
        "referrals": sorted(
            Referral.objects.filter(scheme=world.scheme).values_list(
                "person__nhs_number", "received_on"
            )
        ),
        "scores": sorted(
            Administration.objects.filter(scheme=world.scheme).values_list(
                "person__nhs_number", "administered_on", "primary_score"
            )
        ),
        "rejects": [line.split(",")[:2] for line in rejects.read_text().splitlines()],
    }
    transaction.savepoint_rollback(sid)
    rejects.unlink()
    assert not ImportRun.objects.filter(pk=run.pk).exists()
    return seen


def test_a_split_export_writes_what_the_whole_one_writes(export: Path, tmp_path: Path) -> None:
    world = swemwbs_world()
    whole = written(world, export, WHOLE, tmp_path / "whole-rejects.csv")
    split = written(world, export, SMALL_PARTS, tmp_path / "split-rejects.csv")
    assert whole["status"] == ImportRun.Status.DONE
    # Every row of C40 has C12's NHS number, and C30's one row a formula: those two clients
    # are not written.
    assert whole["people"] == 58
    # Each referral written has its SWEMWBS, scored.
    assert len(whole["scores"]) == 114
    assert all(score for *_, score in whole["scores"])
    assert len(whole["rejects"]) == 1 + 7
    chunks_done, chunks_total = split.pop("chunks")
    assert chunks_done == chunks_total > whole.pop("chunks")[0]
    assert split == whole


def test_writing_a_split_export_reads_and_maps_each_part_once(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part's check is kept for writing: only a part with something found across the
    parts is read and mapped a second time, when it is checked again before anything is
    written."""
    world = swemwbs_world()
    with checked_export(
        scheme=world.scheme,
        profile=load_profile("case-management"),
        paths=[export],
        part_bytes=SMALL_PARTS,
    ) as check:
        parts = len(check.split.parts)
        assert check.export is not None
        again = len(check.export.conflicts)
    assert (parts > 4, 0 < again < parts) == (True, True)
    mapped: list[object] = []
    real = export_check.run_import

    def counted(profile: Any, paths: Any) -> Any:
        mapped.append(paths)
        return real(profile, paths)

    monkeypatch.setattr(export_check, "run_import", counted)
    assert written(world, export, SMALL_PARTS, tmp_path / "rejects.csv")["status"] == "done"
    assert len(mapped) == parts + again


def gp_export(path: Path) -> Path:
    """A GP search of forty people: each referred, seen twice, scored twice; every fifth
    declines instead; one session dated before its referral; one unknown code."""
    numbers = nhs_numbers(40, after=943_000_000)
    rows = []
    for person, number in enumerate(numbers):
        who = [number, "12/03/1958", "Female", "LS6 2AB", "B86001"]
        day = 1 + person % 20
        rows.append([*who, f"{day:02d}/01/2025", SNOMED_REFERRED, "", ""])
        if person % 5 == 0:
            rows.append([*who, f"{day + 3:02d}/01/2025", SNOMED_DECLINED, "", ""])
            continue
        seen = f"{day - 1:02d}/01/2025" if person == 7 else f"{day + 2:02d}/01/2025"
        rows.append([*who, seen, "LOCAL-SPLW-SESSION", "", "Telephone"])
        rows.append([*who, f"{day + 5:02d}/02/2025", "LOCAL-SPLW-SESSION", "", "Video"])
        rows.append([*who, f"{day + 2:02d}/01/2025", "LOCAL-SWEMWBS-RAW", "", "19"])
        rows.append([*who, f"{day + 5:02d}/03/2025", "LOCAL-SWEMWBS-RAW", "", "23"])
    rows[33][6] = "LOCAL-UNKNOWN"
    # The export lists events by date, people interleaved, as a search does.
    rows.sort(key=lambda r: (r[5][3:5], r[5][:2]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GP_HEADERS)
        writer.writerows(rows)
    return path


def test_a_gp_search_split_by_person_finds_what_the_whole_one_finds(tmp_path: Path) -> None:
    """A session or score row names only its referral: it goes to its person's part."""
    world = swemwbs_world()
    path = gp_export(tmp_path / "search.csv")
    found: dict[int, Any] = {}
    for part_bytes in (WHOLE, 2_000):
        with checked_export(
            scheme=world.scheme,
            profile=load_profile("gp-system-snomed"),
            paths=[path],
            part_bytes=part_bytes,
        ) as check:
            found[part_bytes] = (
                len(check.split.parts),
                sorted((p.row, p.field, p.code, p.message) for p in check.report.problems),
                check.rows_read(),
                check.importable(),
                sorted(
                    (r.kind, r.ref)
                    for checked in check.parts()
                    for r in (
                        *checked.people.values(),
                        *checked.referrals.values(),
                        *checked.others,
                    )
                ),
            )
    (whole_parts, *whole), (split_parts, *split) = found[WHOLE], found[2_000]
    assert (whole_parts, split_parts > 3) == (1, True)
    codes = {code for _, _, code, _ in whole[0]}
    assert codes == {"session_before_referral", "unmapped_code"}
    assert split == whole


# The two-files layout with its people's dates of birth and a third file of sessions.
THREE_FILES: dict[str, Any] = {
    **TWO_FILES,
    "profile": "three-files",
    "files": {"people": "people.csv", "referrals": "referrals.csv", "sessions": "sessions.csv"},
    "records": [
        {
            **TWO_FILES["records"][0],
            "fields": {**TWO_FILES["records"][0]["fields"], "date_of_birth": {"column": "Born"}},
        },
        TWO_FILES["records"][1],
        {
            "kind": "session",
            "file": "sessions",
            "fields": {
                "session_ref": {"column": "Session"},
                "referral_ref": {"column": "Ref"},
                "occurred_on": {"column": "Seen"},
                "mode": {"value": "telephone"},
            },
        },
    ],
}


def three_files(directory: Path) -> list[Path]:
    """Thirty people with two referrals each and two sessions a referral. Session ids start
    again for each referral in one person's records (a duplicate id), one session is before
    its referral, one names a referral no file has, one person is born after referral."""
    numbers = nhs_numbers(30, after=943_000_000)
    people, referrals, sessions = ["Id,NHS,Born"], ["Ref,Person,Received"], ["Session,Ref,Seen"]
    for person, number in enumerate(numbers):
        people.append(f"P{person},{number},{'01/06/2025' if person == 4 else '12/03/1958'}")
        for referral in range(2):
            ref = f"REF-{person}-{referral}"
            referrals.append(f"{ref},P{person},{1 + person % 20:02d}/0{1 + referral}/2025")
            for session in range(2):
                seen = "01/12/2024" if (person, referral, session) == (9, 0, 0) else "15/05/2025"
                sid = f"S{session}" if person == 12 else f"S-{person}-{referral}-{session}"
                sessions.append(f"{sid},{ref},{seen}")
    sessions.append("S-lost,REF-99-0,15/05/2025")
    # Sessions listed by date across people, as an export does.
    sessions[1:] = sorted(sessions[1:], key=lambda line: line.split(",")[1][::-1])
    paths = []
    for name, lines in (("people", people), ("referrals", referrals), ("sessions", sessions)):
        path = directory / f"{name}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_sessions_in_a_file_of_their_own_go_with_their_referral(tmp_path: Path) -> None:
    """A sessions file names only referrals: each row goes to its referral's person's part."""
    world = swemwbs_world()
    profile = parse_profile(THREE_FILES, source="test")
    paths = three_files(tmp_path)
    found: dict[int, Any] = {}
    for part_bytes in (WHOLE, 600):
        with checked_export(
            scheme=world.scheme, profile=profile, paths=paths, part_bytes=part_bytes
        ) as check:
            found[part_bytes] = (
                len(check.split.parts),
                sorted((p.file, p.row, p.field, p.code, p.message) for p in check.report.problems),
                sorted(check.reasons),
                check.importable(),
            )
    (whole_parts, *whole), (split_parts, *split) = found[WHOLE], found[600]
    assert (whole_parts, split_parts > 3) == (1, True)
    codes = {code for *_, code, _ in whole[0]}
    assert codes == {
        "duplicate_id",
        "session_before_referral",
        "unknown_referral",
        "date_of_birth_after_referral",
    }
    assert split == whole


def test_the_bar_fills_as_the_parts_are_checked_then_as_they_are_written(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[tuple[int, str]] = []
    monkeypatch.setattr(
        services, "_set_progress", lambda run: lambda percent, step: steps.append((percent, step))
    )
    written(swemwbs_world(), export, SMALL_PARTS, tmp_path / "rejects.csv")
    checking = [percent for percent, step in steps if step == services.CHECKING_AGAIN]
    writing = [percent for percent, step in steps if step.startswith("Wrote part")]
    assert len(checking) > 4
    assert checking[-1] == services.CHECK_SHARE
    assert writing[-1] == 100
    # Every check comes before the first write, and one bar only ever moves forward.
    assert [percent for percent, _ in steps] == checking + writing
    assert checking + writing == sorted(checking + writing)
