"""A later export of the same GP records, its dates written another way or a baseline's date
corrected: importing it again updates what is there, never adds a second session or baseline,
and never fails part-way."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from django.core.management.base import CommandError

from linkwork.episodes.lifecycle import SNOMED_REFERRED
from linkwork.episodes.models import Encounter, Referral
from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import PROFILE_DIR, load_profile, parse_profile
from linkwork.imports.models import ImportRun
from linkwork.imports.services import scheme_check
from linkwork.outcomes.models import Administration
from linkwork.testing.world import SmallWorld

from .conftest import swemwbs_world
from .test_gp_codes import export
from .test_scheme_import import import_scheme

pytestmark = pytest.mark.django_db

GP = load_profile("gp-system-snomed")
SESSION, SWEMWBS = "LOCAL-SPLW-SESSION", "LOCAL-SWEMWBS-RAW"


@pytest.fixture
def world() -> SmallWorld:
    return swemwbs_world()


def gp_import(world: SmallWorld, path: Path, *args: str) -> ImportRun:
    import_scheme(world, "--profile", "gp-system-snomed", *args, str(path))
    return ImportRun.objects.order_by("-created_at").first()  # type: ignore[return-value]


def first_export(tmp_path: Path, day: str) -> Path:
    folder = tmp_path / day.replace("/", "-")
    folder.mkdir()
    return export(
        folder,
        ("06/01/2025", SNOMED_REFERRED, ""),
        (day, SESSION, "Face to face"),
        (day, SWEMWBS, "19"),
    )


def test_dates_written_another_way_update_rather_than_duplicate(
    world: SmallWorld, tmp_path: Path
) -> None:
    gp_import(world, first_export(tmp_path, "13-Jan-2025"))
    assert (Encounter.objects.count(), Administration.objects.count()) == (1, 1)
    run = gp_import(world, first_export(tmp_path, "13/01/2025"))
    assert run.status == ImportRun.Status.DONE
    assert (Encounter.objects.count(), Administration.objects.count()) == (1, 1)
    assert run.counts["session"] == {"skipped": 1}
    assert run.counts["questionnaire"] == {"skipped": 1}


def test_a_baseline_under_a_new_date_is_a_problem_not_a_second_baseline(
    world: SmallWorld, tmp_path: Path
) -> None:
    gp_import(world, first_export(tmp_path, "13/01/2025"))
    moved = first_export(tmp_path, "14/01/2025")
    check = scheme_check(scheme=world.scheme, profile=GP, paths=[moved])
    problems = [(p.row, p.field, p.code) for p in check.report.problems]
    assert problems == [(4, "Event Date", "duplicate_timepoint")]
    message = check.report.problems[0].message
    assert "already has a baseline swemwbs, given on 13 January 2025" in message
    with pytest.raises(CommandError, match="1 problem"):
        gp_import(world, moved)
    assert Administration.objects.count() == 1
    run = gp_import(world, moved, "--skip-invalid")
    assert run.status == ImportRun.Status.DONE
    assert run.rejected == 1
    baseline = Administration.objects.get()
    assert str(baseline.administered_on) == "2025-01-13"


@pytest.mark.parametrize("template", ["{Event Date:%Y}", "{Event Date!r}", "{}"])
def test_a_template_formats_a_column_only_as_written_or_as_a_date(template: str) -> None:
    data = copy.deepcopy(
        yaml.safe_load((PROFILE_DIR / "gp-system-snomed.yaml").read_text(encoding="utf-8"))
    )
    data["records"][3]["fields"]["session_ref"] = {"template": template}
    with pytest.raises(ImportInputError, match=r"session_ref/template: .*\{Column:date\}"):
        parse_profile(data, source="mine.yaml")


def test_a_date_in_a_template_is_written_the_same_whatever_its_format(tmp_path: Path) -> None:
    ids = set()
    for day in ("13-Jan-2025", "13/01/2025", "2025-01-13", "13 Jan 2025"):
        run = run_import(GP, [first_export(tmp_path, day)])
        ids |= {r.ref for r in run.records if r.kind == "session"}
    assert ids == {"9434765919-2025-01-13-session"}


def test_a_template_reads_a_heading_with_a_full_stop_or_brackets(tmp_path: Path) -> None:
    data = copy.deepcopy(
        yaml.safe_load((PROFILE_DIR / "gp-system-snomed.yaml").read_text(encoding="utf-8"))
    )
    data["records"][3]["fields"]["session_ref"] = {
        "template": "{NHS Number}-{Event Date:date}-{Term no. [local]}"
    }
    profile = parse_profile(data, source="mine.yaml")
    path = first_export(tmp_path, "13/01/2025")
    path.write_text(path.read_text().replace(",Term,", ",Term no. [local],"))
    run = run_import(profile, [path])
    sessions = [r.ref for r in run.records if r.kind == "session"]
    assert sessions == ["9434765919-2025-01-13-A term"]


def test_a_later_export_without_sessions_keeps_the_episode_under_way(
    world: SmallWorld, tmp_path: Path
) -> None:
    gp_import(world, first_export(tmp_path, "13/01/2025"))
    referrals_only = tmp_path / "later"
    referrals_only.mkdir()
    later = export(referrals_only, ("06/01/2025", SNOMED_REFERRED, ""))
    later.write_text(later.read_text().replace("LS6 2AB", "LS6 3CD"))  # something to update
    gp_import(world, later)
    referral = Referral.objects.get()
    assert (referral.status, str(referral.first_contact_on)) == ("active", "2025-01-13")
    assert referral.person.postcode == "LS6 3CD"
    assert Encounter.objects.count() == 1
