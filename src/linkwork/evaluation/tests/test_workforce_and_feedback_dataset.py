"""The common dataset's workforce, practice resources and feedback tables: exported,
read back and pooled, with names, free text and comments kept out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import frictionless
import pytest
from django.core.management import call_command

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.evaluation.analysis.workforce import workforce_indicators
from linkwork.evaluation.dataset.extract import ExportFilters
from linkwork.evaluation.dataset.package import read_package
from linkwork.evaluation.dataset.pool import pool, source_read
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.selectors import evaluation_data_from_db, evaluation_data_from_package
from linkwork.testing.world import SmallWorld
from linkwork.voice.models import FeedbackRequest, FeedbackResponse
from linkwork.voice.tests.helpers import EVERY_ANSWER_AGREE
from linkwork.workforce.services import (
    fund_record,
    protected_time_record,
    session_record,
    standard_set,
    training_record,
)
from linkwork.workforce.tests.helpers import make_post, make_team_lead

pytestmark = pytest.mark.django_db

SECRET_NAME = "Dr Verity Hidden"
SECRET_USE = "Longer appointments for Mrs Example"
SECRET_COMMENT = "My neighbour Jean helped me most"


def export(out: Path) -> Path:
    call_command("export", "common-dataset", "--out", str(out), stdout=StringIO())
    return out


@pytest.fixture
def recorded(casework: SmallWorld) -> SmallWorld:
    world = casework
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead, started_on=date(2025, 3, 14), hours="30")
    for day in (3, 20):
        session_record(
            actor=lead,
            post=post,
            kind="supervision",
            held_on=date(2025, 6, day),
            duration_minutes=60,
            content="Talked about a hard case",
        )
    session_record(
        actor=world.users[Role.LINK_WORKER],
        post=post,
        kind="peer_support",
        held_on=date(2025, 6, 9),
        duration_minutes=45,
    )
    training_record(
        actor=lead,
        post=post,
        course="Motivational interviewing",
        completed_on=date(2025, 7, 1),
        provider="NASP",
    )
    standard_set(
        actor=lead,
        scheme=world.scheme,
        supervision_interval_days=14,
        required_courses=["Motivational interviewing"],
        wellbeing_items=["I have time for my cases"],
    )
    manager = lead
    fund_record(
        actor=manager,
        scheme=world.scheme,
        practice=world.practice,
        amount_gbp=Decimal("125.50"),
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        purpose="gp_time",
        note=SECRET_USE,
    )
    protected_time_record(
        actor=manager,
        scheme=world.scheme,
        practice=world.practice,
        staff_name=SECRET_NAME,
        staff_group="gp",
        period_start=date(2025, 4, 1),
        period_end=date(2025, 9, 30),
        hours_per_week=Decimal("2.5"),
        extra_consultation_minutes=90,
        how_used=SECRET_USE,
    )
    answered, unanswered = Referral.objects.filter(
        scheme=world.scheme, feedback_request__isnull=True
    ).order_by("id")[:2]
    for referral, on in ((answered, date(2025, 8, 2)), (unanswered, None)):
        FeedbackRequest.objects.create(
            scheme=world.scheme,
            referral=referral,
            token_hash=referral.pk.hex.ljust(64, "0"),
            expires_on=date(2025, 9, 1),
            answered_on=on,
        )
    FeedbackResponse.objects.create(
        scheme=world.scheme,
        request=answered.feedback_request,
        submitted_on=date(2025, 8, 2),
        answers={**EVERY_ANSWER_AGREE, "listened": "strongly_disagree"},
        comment=SECRET_COMMENT,
    )
    world.post, world.answered, world.unanswered = post, answered, unanswered  # type: ignore[attr-defined]
    return world


def test_workforce_tables_round_trip_without_names(recorded: SmallWorld, tmp_path: Path) -> None:
    package = export(tmp_path / "pkg")
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    tables = read_package(package)
    post = recorded.post  # type: ignore[attr-defined]
    posts = tables["workforce_posts"].to_dicts()
    assert len(posts) == 1
    row = posts[0]
    assert row["post_id"] != str(post.pk)
    assert len(row["post_id"]) == 20
    assert row["scheme_id"] == str(recorded.scheme.pk)
    assert (row["contracted_hours"], row["wte"]) == (30.0, 0.8)
    assert (row["started_month"], row["ended_month"]) == ("2025-03", None)
    assert row["vacant"] is False
    assert row["practice_ids"] == str(recorded.practice.pk)
    assert row["employer_kind"] == recorded.pcn.kind
    assert row["thematic_role"] == "generic"
    assert row["training_complete"] is True  # the one course the scheme requires is done
    schemes = {r["scheme_id"]: r for r in tables["schemes"].to_dicts()}
    scheme = schemes[str(recorded.scheme.pk)]
    assert (scheme["supervision_interval_days"], scheme["required_courses"]) == (14, 1)
    support = {r["month"]: r for r in tables["workforce_support"].to_dicts()}
    assert set(support) == {"2025-06", "2025-07"}
    june, july = support["2025-06"], support["2025-07"]
    assert (june["supervision_sessions"], june["peer_support_sessions"]) == (2, 1)
    assert (june["training_records"], july["training_records"]) == (0, 1)
    assert july["supervision_sessions"] == 0
    text = "".join(p.read_text() for p in (package / "data").glob("*.csv"))
    for private in (str(post.pk), post.holder.username, "hard case", "Motivational"):
        assert private not in text


def test_practice_resources_round_trip_by_staff_group_only(
    recorded: SmallWorld, tmp_path: Path
) -> None:
    package = export(tmp_path / "pkg")
    rows = {r["resource_kind"]: r for r in read_package(package)["practice_resources"].to_dicts()}
    assert set(rows) == {"fund", "protected_time"}
    fund, time = rows["fund"], rows["protected_time"]
    assert (fund["amount_pence"], fund["purpose"], fund["staff_group"]) == (12550, "gp_time", None)
    assert fund["period_start"] == date(2025, 4, 1)
    assert fund["period_end"] == date(2026, 3, 31)
    assert (time["hours_per_week"], time["staff_group"]) == (2.5, "gp")
    assert time["extra_consultation_minutes"] == 90
    assert time["amount_pence"] is None
    assert fund["practice_id"] == time["practice_id"] == str(recorded.practice.pk)
    text = "".join(p.read_text() for p in (package / "data").glob("*.csv"))
    assert SECRET_NAME not in text
    assert SECRET_USE not in text


def test_feedback_answers_round_trip_and_the_comment_never_leaves(
    recorded: SmallWorld, tmp_path: Path
) -> None:
    package = export(tmp_path / "pkg")
    tables = read_package(package)
    rows = {r["referral_id"]: r for r in tables["feedback"].to_dicts()}
    answered = rows[str(recorded.answered.pk)]  # type: ignore[attr-defined]
    unanswered = rows[str(recorded.unanswered.pk)]  # type: ignore[attr-defined]
    assert answered["answered"] is True
    assert unanswered["answered"] is False
    assert answered["answer_listened"] == "strongly_disagree"
    assert answered["answer_recommend"] == EVERY_ANSWER_AGREE["recommend"]
    assert unanswered["answer_listened"] is None
    assert len(answered["sent_month"]) == 7
    people = dict(tables["referrals"].select("referral_id", "person").iter_rows())
    assert answered["person"] == people[answered["referral_id"]]
    assert answered["person"] != str(recorded.answered.person_id)  # type: ignore[attr-defined]
    text = "".join(
        p.read_text() for p in package.rglob("*") if p.is_file() and p.suffix != ".parquet"
    )
    assert SECRET_COMMENT not in text
    assert "comment" not in tables["feedback"].columns


def test_pool_combines_the_new_tables(recorded: SmallWorld, tmp_path: Path) -> None:
    key = tmp_path / "key.bin"
    key.write_bytes(b"k" * 32)
    for name in ("a", "b"):
        call_command(
            "export",
            "common-dataset",
            "--out",
            str(tmp_path / name),
            "--key-file",
            str(key),
            stdout=StringIO(),
        )
    sources = [source_read(tmp_path / n, label=n) for n in ("a", "b")]
    pooled = pool(sources)
    for name in ("workforce_posts", "workforce_support", "practice_resources", "feedback"):
        assert pooled.tables[name].height == sources[0].tables[name].height > 0
        assert pooled.repeated[name] == pooled.tables[name].height


def test_workforce_indicators_agree_from_the_live_records_and_from_an_export(
    recorded: SmallWorld, tmp_path: Path
) -> None:
    live = evaluation_data_from_db(ExportFilters())
    packaged = evaluation_data_from_package(export(tmp_path / "pkg"))
    assert live.reference_date == packaged.reference_date
    for audience in ("scheme", "external"):
        mine = build_report(live, audience=audience, threshold=1)["workforce"]
        theirs = build_report(packaged, audience=audience, threshold=1)["workforce"]
        assert mine == theirs, audience
    figures = workforce_indicators(live)
    [row] = figures["by_scheme"]
    assert (row["headcount"], row["training_percent"]) == (1, 100.0)
    assert (row["supervision_standard_days"], row["funded_wte"]) == (14, 0.8)
