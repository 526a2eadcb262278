"""Services for activity, events, continuity and initiatives: they validate everything and
write nothing when they refuse."""

from __future__ import annotations

from datetime import date

import pytest

from linkwork.core.errors import DomainError
from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    Coverage,
    Handover,
    PracticeEvent,
)
from linkwork.implementation.services import (
    absence_record,
    activity_delete,
    activity_log,
    coverage_end,
    coverage_start,
    event_record,
    handover_record,
    initiative_record,
)
from linkwork.implementation.tests.helpers import TODAY, Cast, cover

pytestmark = pytest.mark.django_db


def refused(call: object, **kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as excinfo:
        call(**kwargs)  # type: ignore[operator]
    return excinfo.value


def test_a_link_worker_logs_activity_at_the_right_level(cast: Cast) -> None:
    activity = activity_log(
        actor=cast.lw,
        practice=cast.practice,
        occurred_on=date(2026, 9, 14),
        kind="steering_group",
        minutes=90,
        note=" Health centre group ",
        today=TODAY,
    )
    assert (activity.level, activity.scheme, activity.note) == (
        "community",
        cast.scheme,
        "Health centre group",
    )


def test_activity_is_refused_whole_and_nothing_is_written(cast: Cast) -> None:
    error = refused(
        activity_log,
        actor=cast.lw,
        practice=cast.world.practice_b,  # not served by the link worker's scheme
        occurred_on=date(2026, 11, 1),
        kind="knitting",
        minutes=481,
        today=TODAY,
    )
    assert set(error.field_errors) == {"practice", "kind", "minutes", "occurred_on"}
    assert not Activity.objects.exists()
    assert refused(
        activity_log, actor=cast.gp, practice=cast.practice, occurred_on=TODAY,
        kind="team_meeting", minutes=30, today=TODAY,
    ).field_errors["practice"]  # fmt: skip
    assert not Activity.objects.exists()


def test_only_the_link_worker_who_logged_it_removes_it(cast: Cast) -> None:
    activity = activity_log(
        actor=cast.lw, practice=cast.practice, occurred_on=TODAY, kind="team_meeting",
        minutes=30, today=TODAY,
    )  # fmt: skip
    assert refused(activity_delete, actor=cast.lw2, activity=activity).code == "not_yours"
    activity_delete(actor=cast.lw, activity=activity)
    assert not Activity.objects.exists()


def test_events_need_attendance_and_count_by_staff_group(cast: Cast) -> None:
    error = refused(
        event_record,
        actor=cast.pm,
        practice=cast.practice,
        held_on=date(2026, 9, 9),
        kind="shared_learning",
        title=" ",
        attendance={"gps": 0, "nurses": 0, "reception_admin": 0, "managers": 0},
        today=TODAY,
    )
    assert set(error.field_errors) == {"title", "gps"}
    assert refused(
        event_record, actor=cast.pm, practice=cast.practice, held_on=date(2026, 9, 9),
        kind="party", title="x", attendance={"gps": -1, "porters": 2}, today=TODAY,
    ).field_errors.keys() >= {"kind", "gps", "attendance"}  # fmt: skip
    assert not PracticeEvent.objects.exists()
    event = event_record(
        actor=cast.pm,
        practice=cast.practice,
        held_on=date(2026, 9, 9),
        kind="shared_learning",
        title="Protected learning time",
        attendance={"gps": 4, "nurses": 2, "reception_admin": 5, "managers": 1},
        today=TODAY,
    )
    assert (event.gps, event.reception_admin, event.recorded_by) == (4, 5, cast.pm)


def test_coverage_is_for_link_workers_of_a_serving_scheme_without_overlap(cast: Cast) -> None:
    error = refused(
        coverage_start, actor=cast.sm, practice=cast.practice, link_worker=cast.gp,
        started_on=date(2026, 1, 1), ended_on=date(2025, 1, 1),
    )  # fmt: skip
    assert set(error.field_errors) == {"link_worker", "ended_on"}
    coverage_start(
        actor=cast.sm, practice=cast.practice, link_worker=cast.lw, started_on=date(2026, 1, 1)
    )
    clash = refused(
        coverage_start, actor=cast.sm, practice=cast.practice, link_worker=cast.lw,
        started_on=date(2026, 6, 1),
    )  # fmt: skip
    assert "already covers" in clash.field_errors["started_on"][0]
    assert Coverage.objects.count() == 1
    ended = coverage_end(actor=cast.sm, coverage=Coverage.objects.get(), ended_on=date(2026, 3, 31))
    assert ended.ended_on == date(2026, 3, 31)


def test_absences_match_their_kind_and_cover(cast: Cast) -> None:
    cover(cast)
    checks: list[tuple[dict[str, object], str]] = [
        ({"kind": "vacancy", "link_worker": cast.lw, "cover": "none"}, "link_worker"),
        ({"kind": "sick_leave", "link_worker": None, "cover": "none"}, "link_worker"),
        (
            {"kind": "sick_leave", "link_worker": cast.lw, "cover": "none", "cover_by": cast.lw2},
            "cover_by",
        ),
        (
            {"kind": "sick_leave", "link_worker": cast.lw, "cover": "full", "cover_by": cast.lw},
            "cover_by",
        ),
        ({"kind": "sick_leave", "link_worker": cast.lw2, "cover": "none"}, "link_worker"),
        (
            {"kind": "annual_leave", "link_worker": cast.lw, "cover": "full", "cover_by": cast.gp},
            "cover_by",
        ),
    ]
    for fields, field in checks:
        error = refused(
            absence_record, actor=cast.sm, practice=cast.practice, started_on=date(2026, 7, 1),
            ended_on=None, **fields,
        )  # fmt: skip
        assert field in error.field_errors, fields
    assert not Absence.objects.exists()
    absence = absence_record(
        actor=cast.pm, practice=cast.practice, kind="sick_leave", link_worker=cast.lw,
        started_on=date(2026, 7, 1), ended_on=None, cover="patients_only", cover_by=cast.lw2,
        cover_note="One day a week",
    )  # fmt: skip
    assert absence.cover_by == cast.lw2


def test_a_handover_moves_coverage_and_reports_the_overlap(cast: Cast) -> None:
    cover(cast)
    handover = handover_record(
        actor=cast.sm,
        practice=cast.practice,
        outgoing=cast.lw,
        incoming=cast.lw2,
        outgoing_last_day=date(2026, 8, 14),
        incoming_first_day=date(2026, 8, 3),
        note="Shadowing",
    )
    assert (handover.overlap_days, handover.gap_days) == (12, 0)
    spans = {c.link_worker: (c.started_on, c.ended_on) for c in Coverage.objects.all()}
    assert spans == {
        cast.lw: (date(2025, 1, 1), date(2026, 8, 14)),
        cast.lw2: (date(2026, 8, 3), None),
    }


def test_a_refused_handover_changes_no_coverage(cast: Cast) -> None:
    cover(cast, end=date(2026, 6, 30))
    error = refused(
        handover_record, actor=cast.sm, practice=cast.practice, outgoing=cast.lw,
        incoming=cast.gp, outgoing_last_day=date(2026, 8, 14),
        incoming_first_day=date(2026, 8, 3),
    )  # fmt: skip
    assert set(error.field_errors) == {"outgoing", "incoming"}
    assert not Handover.objects.exists()
    assert Coverage.objects.get().ended_on == date(2026, 6, 30)


def test_initiatives_need_a_name_and_a_sensible_period(cast: Cast) -> None:
    error = refused(
        initiative_record, actor=cast.pm, practice=cast.practice, name="",
        started_on=date(2026, 5, 1), ended_on=date(2026, 4, 1),
    )  # fmt: skip
    assert set(error.field_errors) == {"name", "ended_on"}
    assert not ConcurrentInitiative.objects.exists()
    initiative_record(
        actor=cast.pm, practice=cast.practice, name="Frailty pilot", started_on=date(2026, 5, 1)
    )
    assert ConcurrentInitiative.objects.get().ended_on is None
