"""The assessment's reads: facts gathered from the records, the effective rule, the export
rows, and a query count that does not grow with the number of practices."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from linkwork.implementation.assessment import (
    assess_practices,
    default_period,
    monitored_practice_ids,
    reference_date,
)
from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    NomadRound,
    PracticeEvent,
    PracticeLeadership,
    RuleOverride,
)
from linkwork.implementation.periods import PeriodError, latest_complete_quarter
from linkwork.implementation.selectors import practice_indicator_rows
from linkwork.implementation.tests.helpers import (
    Q3,
    Cast,
    agreeing,
    cover,
    nomad_round,
    one_to_one,
)

pytestmark = pytest.mark.django_db


def log(cast: Cast, day: date, kind: str, level: str, minutes: int = 60) -> None:
    Activity.objects.create(
        scheme=cast.scheme,
        practice=cast.practice,
        link_worker=cast.lw,
        occurred_on=day,
        level=level,
        kind=kind,
        minutes=minutes,
    )


def a_good_quarter(cast: Cast) -> None:
    """Q3 2026 recorded so that every counted indicator is met (most at its threshold)."""
    cover(cast)
    Absence.objects.create(
        practice=cast.practice, link_worker=cast.lw, kind="annual_leave",
        started_on=date(2026, 8, 3), ended_on=date(2026, 8, 16), cover="none",
        recorded_by=cast.sm,
    )  # fmt: skip
    log(cast, date(2026, 7, 1), "team_meeting", "practice")  # in the quarter, not the 90 days
    log(cast, date(2026, 6, 30), "network_meeting", "community")  # before the quarter
    for day in (4, 5, 6, 7, 8, 9):
        log(cast, date(2026, 9, day), "shared_learning", "practice")
        log(cast, date(2026, 9, day), "network_meeting", "community")
    one_to_one(cast, date(2026, 8, 10), 300, source="gp")
    one_to_one(cast, date(2026, 9, 1), 300, source="receptionist")
    one_to_one(cast, date(2026, 9, 2), 200, source="gp", attended=False)
    one_to_one(cast, date(2026, 5, 2), 200, source="practice_nurse")
    PracticeEvent.objects.create(
        practice=cast.practice, held_on=date(2026, 9, 9), kind="shared_learning", title="PLT",
        gps=3, nurses=1, reception_admin=4, recorded_by=cast.pm,
    )  # fmt: skip
    PracticeEvent.objects.create(
        practice=cast.practice, held_on=date(2026, 6, 1), kind="team_meeting", title="Old",
        managers=1, recorded_by=cast.pm,
    )  # fmt: skip
    ConcurrentInitiative.objects.create(
        practice=cast.practice, name="Frailty pilot", started_on=date(2026, 1, 1),
        recorded_by=cast.pm,
    )  # fmt: skip
    ConcurrentInitiative.objects.create(
        practice=cast.practice, name="Finished pilot", started_on=date(2025, 1, 1),
        ended_on=date(2026, 6, 30), recorded_by=cast.pm,
    )  # fmt: skip
    nomad_round(cast.practice, cast.pm, answers=[agreeing(3)] * 5, closes_on=date(2026, 5, 29))
    nomad_round(cast.practice, cast.pm, answers=[agreeing(4)] * 5, closes_on=date(2026, 9, 25))
    nomad_round(cast.practice, cast.pm, answers=[agreeing(1)] * 4, closes_on=date(2026, 9, 28))
    lead(cast, date(2026, 1, 10), in_meetings=False)
    lead(cast, date(2026, 6, 1), in_meetings=True)  # before the quarter: still in force
    lead(cast, date(2026, 10, 15), name="")  # after the quarter: not yet


def lead(cast: Cast, day: date, *, name: str = "Dr A Lead", in_meetings: bool = False) -> None:
    PracticeLeadership.objects.create(
        practice=cast.practice, recorded_on=day, lead_name=name, lead_role="gp" if name else "",
        in_meetings=in_meetings, recorded_by=cast.pm,
    )  # fmt: skip


def test_facts_come_from_every_record(cast: Cast) -> None:
    a_good_quarter(cast)
    (result,) = assess_practices(practices=[cast.practice], periods=[Q3])
    facts = result.facts
    assert (facts.patient_minutes, facts.practice_minutes, facts.community_minutes) == (
        600,
        420,
        360,
    )
    assert (facts.practice_activities_90d, facts.community_activities_90d) == (6, 6)
    assert facts.event_staff_groups == {"GPs", "Nurses", "Reception and admin"}
    assert facts.referring_groups == {"GPs", "Receptionists"}
    assert facts.uncovered_days == 14
    assert facts.concurrent_initiatives == ("Frailty pilot",)
    assert facts.nomad is not None
    # The round of four answers is too small to count; the one before it is the trend.
    assert facts.nomad.closed_on == date(2026, 9, 25)
    assert facts.nomad.previous_means["coherence"] == 3.0
    assert facts.leadership is not None
    assert (facts.leadership.recorded_on, facts.leadership.lead_role) == (date(2026, 6, 1), "GP")
    assert facts.leadership.in_meetings
    a = result.assessment
    assert a.classification.value == "fully_integrated", a.shortfalls
    assert a.evidence.value == "strengthened"
    assert a.indicator("practice_lead").value == 2
    assert a.indicator("practice_share").value == 30.4
    assert a.indicator("uncovered_weeks").value == 2.0
    assert "(+1.00)" in a.indicator("nomad_coherence").note


def test_the_setting_and_a_scheme_override_change_the_rule(cast: Cast) -> None:
    a_good_quarter(cast)
    with override_settings(LINKWORK_INTEGRATION_RULE={"min_practice_activities_90d": 7}):
        (strict,) = assess_practices(practices=[cast.practice], periods=[Q3])
        assert strict.assessment.classification.value == "partially_integrated"
        RuleOverride.objects.create(
            scheme=cast.scheme, overrides={"min_practice_activities_90d": 5}, reason="Part-time"
        )
        (relaxed,) = assess_practices(practices=[cast.practice], periods=[Q3])
        assert relaxed.assessment.classification.value == "fully_integrated"


def test_export_rows_are_flat_and_documented(cast: Cast) -> None:
    a_good_quarter(cast)
    (row,) = practice_indicator_rows(period="2026-Q3")
    assert row["practice_id"] == str(cast.practice.pk)
    assert row["classification"] == "fully_integrated"
    assert row["practice_share_pct"] == 30.4
    assert row["nomad_responses"] == 5
    assert row["nomad_round_closed_on"] == "2026-09-25"
    assert row["referring_staff_group_names"] == "GPs; Receptionists"
    assert row["concurrent_initiatives"] == 1
    assert row["shortfalls"] == ""
    assert row["practice_lead_score"] == 2
    assert row["nomad_evidence"] == "strengthened"
    assert "Dr A Lead" not in str(row)  # the lead's name stays on the leadership page
    docstring = practice_indicator_rows.__doc__ or ""
    assert all(column in docstring for column in row)
    assert all(isinstance(v, str | int | float | type(None)) for v in row.values())
    with pytest.raises(PeriodError):
        practice_indicator_rows(period="last quarter")
    assert (
        practice_indicator_rows(practice_ids=[cast.world.practice_b.pk], period=Q3)[0][
            "classification"
        ]
        == "not_assessable"
    )


def test_queries_do_not_grow_with_practices(cast: Cast) -> None:
    a_good_quarter(cast)
    practices = [cast.practice, cast.world.practice_b, cast.world.scot_practice]
    with CaptureQueriesContext(connection) as one:
        assess_practices(practices=practices[:1], periods=[Q3])
    with CaptureQueriesContext(connection) as three:
        assess_practices(practices=practices, periods=[Q3])
    assert len(three) == len(one)


def test_the_reference_date_is_the_clocks_today(cast: Cast, settings) -> None:
    settings.LINKWORK_TODAY = None
    assert reference_date() == timezone.localdate()
    settings.LINKWORK_TODAY = date(2026, 10, 31)
    assert reference_date() == date(2026, 10, 31)
    assert default_period() == latest_complete_quarter(date(2026, 10, 31))


def test_monitored_practices_are_those_with_records(cast: Cast) -> None:
    assert monitored_practice_ids() == set()
    cover(cast)
    assert monitored_practice_ids() == {cast.practice.pk}


def test_the_leadership_record_in_force_decides_each_period(cast: Cast) -> None:
    a_good_quarter(cast)
    q4 = latest_complete_quarter(date(2027, 1, 5))
    q3, later = assess_practices(practices=[cast.practice], periods=[Q3, q4])
    assert q3.assessment.classification.value == "fully_integrated"
    # From 15 October the practice has no named lead: Q4 falls short on leadership.
    assert later.facts.leadership is not None
    assert not later.facts.leadership.has_lead
    assert later.assessment.indicator("practice_lead").status.value == "short"


def test_a_practice_without_a_nomad_round_is_assessed(cast: Cast) -> None:
    a_good_quarter(cast)
    NomadRound.objects.all().delete()
    (result,) = assess_practices(practices=[cast.practice], periods=[Q3])
    assert result.assessment.classification.value == "fully_integrated"
    assert result.assessment.evidence.value == "indicators_only"
