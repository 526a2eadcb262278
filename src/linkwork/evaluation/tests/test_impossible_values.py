"""One impossible record never stops the export or the report: it is left out of the figures
that need it and named in the data-quality scorecard."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Encounter, Referral
from linkwork.evaluation.dataset.extract import ExportFilters
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.selectors import evaluation_data_from_db, evaluation_data_from_package
from linkwork.outcomes.models import Administration
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def plant_impossible_values(world: SmallWorld) -> Referral:
    """Values the services refuse, written past them as a bad import or a hand edit would."""
    referral = Referral.objects.filter(encounters__isnull=False).order_by("received_on").first()
    assert referral is not None
    for timepoint, day in (("baseline", 1), ("review", 40)):
        administration_record(
            referral=referral,
            actor=world.users[Role.LINK_WORKER],
            questionnaire=Questionnaire(
                "ons4", timepoint, referral.received_on + timedelta(days=day), "self_completed"
            ),
            responses=[6, 5, 4, 3],
        )
    Person.objects.filter(pk=referral.person_id).update(
        date_of_birth=referral.received_on + timedelta(days=30)
    )
    first = Encounter.objects.filter(referral=referral).order_by("occurred_on").first()
    assert first is not None
    Encounter.objects.filter(pk=first.pk).update(
        occurred_on=referral.received_on - timedelta(days=400)
    )
    Referral.objects.filter(pk=referral.pk).update(
        first_contact_on=referral.received_on - timedelta(days=400)
    )
    # SWEMWBS metric scores run from 7 to 35.
    scores = Administration.objects.filter(referral=referral)
    scores.filter(timepoint="review").update(
        instrument_id="swemwbs", timepoint="follow_up", primary_score=21.0
    )
    scores.filter(timepoint="baseline").update(instrument_id="swemwbs", primary_score=999.0)
    return referral


def test_impossible_values_are_left_out_and_counted(casework: SmallWorld) -> None:
    referral = plant_impossible_values(casework)
    data = evaluation_data_from_db(ExportFilters())
    counts = {item.key: item.count for item in data.set_aside}
    assert counts == {
        "birth_after_referral": 1,
        "session_before_referral": 1,
        "contact_before_referral": 1,
        "score_out_of_range": 1,
    }
    mine = pl.col("referral_id") == str(referral.pk)
    early = pl.col("occurred_on") < referral.received_on
    assert data.table("encounters").filter(mine & early).height == 0
    assert data.table("encounters").filter(mine).height > 0
    assert data.table("referrals").filter(mine)["waiting_days"].to_list() == [None]
    assert data.table("outcome_scores").filter(mine)["timepoint"].to_list() == ["follow_up"]

    report = build_report(data, audience="scheme")
    lines = [item["line"] for item in report["data_quality"]["set_aside"]]
    assert lines == [
        "1 referral has a date of birth after the referral date: its age is left out and "
        "counts as not recorded.",
        "1 session is dated before its referral was received: it is left out of the session "
        "measures.",
        "1 referral has its first contact before the referral date: its waiting time is left out.",
        "1 questionnaire score lies outside what its questionnaire can give: it is left out of "
        "outcome change.",
    ]


def test_the_export_and_both_reports_complete_and_say_what_was_left_out(
    casework: SmallWorld, tmp_path: Path
) -> None:
    plant_impossible_values(casework)
    package = tmp_path / "pkg"
    call_command("export", "common-dataset", "--out", str(package), stdout=StringIO())
    # The pseudonymised package holds no dates of birth, so it carries that count itself.
    from_package = evaluation_data_from_package(package)
    assert {item.key: item.count for item in from_package.set_aside}["birth_after_referral"] == 1
    assert len(from_package.set_aside) == 4

    html = tmp_path / "report.html"
    call_command("report", "evaluation", "--out", str(html), "--quiet", stdout=StringIO())
    text = html.read_text()
    assert "Impossible values left out" in text
    assert "1 session is dated before its referral was received" in text

    as_json = tmp_path / "report.json"
    call_command(
        "report",
        "evaluation",
        "--package",
        str(package),
        "--out",
        str(as_json),
        "--format",
        "json",
        "--quiet",
        stdout=StringIO(),
    )
    set_aside = json.loads(as_json.read_text())["data_quality"]["set_aside"]
    assert [item["count"] for item in set_aside] == [1, 1, 1, 1]


def test_a_clean_world_sets_nothing_aside(casework: SmallWorld, tmp_path: Path) -> None:
    assert evaluation_data_from_db(ExportFilters()).set_aside == ()
    package = tmp_path / "pkg"
    call_command("export", "common-dataset", "--out", str(package), stdout=StringIO())
    descriptor = json.loads((package / "datapackage.json").read_text())
    assert "set_aside" not in descriptor["x-linkwork"]
