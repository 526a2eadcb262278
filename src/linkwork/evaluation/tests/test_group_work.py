"""Group work in the common dataset (group_sessions_attended on referrals) and the evaluation
(a "Group work" table and outcome breakdown, under disclosure control)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.evaluation.analysis import activity
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.analysis.outcomes import instrument_results
from linkwork.evaluation.dataset.extract import ExportFilters, extract
from linkwork.evaluation.dataset.package import data_dictionary
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, new_key
from linkwork.evaluation.dataset.spec import TABLE_BY_NAME
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.report.labels import labelled
from linkwork.evaluation.tests.test_analysis import tables
from linkwork.groups.services import SessionDetails, group_activity_create, group_session_record
from linkwork.testing.world import SmallWorld, refer_and_start


@pytest.mark.django_db
def test_referrals_count_the_group_sessions_attended(world: SmallWorld) -> None:
    worker = world.users[Role.LINK_WORKER]
    received = timezone.localdate() - timedelta(days=30)
    came = [
        refer_and_start(world, person={"family_name": n}, received_on=received)
        for n in ("Lovelace", "Hopper")
    ]
    stayed_home = refer_and_start(world, person={"family_name": "Turing"}, received_on=received)
    walking = group_activity_create(
        scheme=world.scheme, actor=worker, name="Walkers", kind="walking"
    )
    for days in (3, 2):
        group_session_record(
            activity=walking,
            actor=worker,
            details=SessionDetails(
                facilitator=worker,
                occurred_on=timezone.localdate() - timedelta(days=days),
                place="Park",
                duration_minutes=60,
                attendees=came,
            ),
        )
    result = extract(ExportFilters(), pseudonymiser=Pseudonymiser(new_key()), identifiable=True)
    referrals = {
        row["referral_id"]: row for row in result.tables["referrals"].iter_rows(named=True)
    }
    for referral in came:
        assert referrals[str(referral.pk)]["group_sessions_attended"] == 2
        assert referrals[str(referral.pk)]["sessions_attended"] == 2
    assert referrals[str(stayed_home.pk)]["group_sessions_attended"] == 0


def test_the_column_is_documented() -> None:
    field = {f.name: f for f in TABLE_BY_NAME["referrals"].fields}["group_sessions_attended"]
    assert field.type == "integer"
    assert field.added_in == "1.3.0"
    assert "| group_sessions_attended | integer |" in data_dictionary(identifiable=False)


def _with_group_work(in_groups: list[int | None]) -> EvaluationData:
    made = tables(len(in_groups))
    referrals = made["referrals"].with_columns(
        pl.Series("group_sessions_attended", in_groups, dtype=pl.Int64)
    )
    return EvaluationData(tables={**made, "referrals": referrals}, reference_date=date(2026, 6, 1))


def test_episodes_are_counted_by_how_their_sessions_were_delivered() -> None:
    # tables() gives episode i sessions_attended = i % 4 + 1 (1, 2, 3, 4, 1, 2, ...).
    in_groups: list[int | None] = [0, 0, 3, 4, 1, 1, 0, 4, 0, 0, 0, None]
    rows = {r["group"]: r["n"] for r in activity.group_work(_with_group_work(in_groups))}
    # group_only: i=2 (3 of 3), i=3 (4 of 4), i=4 (1 of 1), i=7 (4 of 4); mixed: i=5 (1 of 2).
    assert rows == {"one_to_one": 6, "mixed": 1, "group_only": 4, "not recorded": 1}
    [block] = instrument_results(_with_group_work(in_groups), threshold=None)
    assert {r["group"] for r in block["breakdowns"]["Group work"]} == set(rows)


def test_group_work_is_labelled_and_small_groups_withheld() -> None:
    in_groups: list[int | None] = [0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    external = build_report(_with_group_work(in_groups), audience="external", threshold=5)
    rows = {r["group"]: r for r in external["activity"]["group_work"]}
    assert rows["group_only"]["n"] is None  # one episode: hidden
    assert all(r["n"] is None or r["n"] >= 5 for r in rows.values())
    words = {r["group"] for r in labelled(external)["activity"]["group_work"]}
    assert "Group sessions only" in words
    own = build_report(_with_group_work(in_groups), audience="scheme")
    assert {r["group"]: r["n"] for r in own["activity"]["group_work"]}["group_only"] == 1
