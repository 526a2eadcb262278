"""The demo world holds equalities answers (refusals and gaps among them) and group sessions
with people from the caseload, the same for the same seed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from linkwork.demo.context import DemoContext, _clock_at, part_stream, registered_parts
from linkwork.episodes.models import Encounter
from linkwork.groups.models import GroupAttendance, GroupSession
from linkwork.people.equalities import NOT_ASKED, NOT_STATED, QUESTIONS
from linkwork.people.models import Person

PARTS = {"lookups", "registry", "staff-logins", "casework", "equalities", "groups"}
TODAY = date(2026, 10, 31)


class _RolledBackError(Exception):
    pass


def _world(seed: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Build the parts the two need; answer each person's answers and each session's
    attendees, then roll the world back."""
    found: tuple[list[tuple[object, ...]], list[tuple[object, ...]]] = ([], [])
    try:
        with transaction.atomic(), _clock_at(TODAY):
            ctx = DemoContext(seed=seed, scale=0.05, today=TODAY, log=lambda _: None)
            for part in registered_parts():
                if part.name in PARTS:
                    ctx.rng = part_stream(seed, part.name)
                    part.build(ctx)
            fields = [q.field for q in QUESTIONS]
            found[0].extend(Person.objects.order_by("pk").values_list("pk", *fields))
            found[1].extend(
                GroupAttendance.objects.order_by(
                    "group_session__occurred_on", "group_session__activity__name", "referral_id"
                ).values_list(
                    "group_session__activity__name", "group_session__occurred_on", "referral_id"
                )
            )
            assert GroupSession.objects.exists()
            # Every attendee has the group session on their episode, as group work.
            assert not GroupAttendance.objects.filter(encounter__isnull=True).exists()
            assert Encounter.objects.filter(mode="group").count() == len(found[1])
            raise _RolledBackError
    except _RolledBackError:
        return found


@pytest.mark.django_db
def test_demo_people_answer_the_equalities_questions_and_go_to_groups() -> None:
    people, attendances = _world(5)
    assert people
    for index, question in enumerate(QUESTIONS, start=1):
        answers = {row[index] for row in people}
        assert NOT_STATED in answers, question.field
        assert NOT_ASKED in answers, question.field
        assert len(answers - {NOT_STATED, NOT_ASKED}) >= 2, question.field
    assert len(attendances) >= 10
    assert {name for name, _, _ in attendances} == {"Walking group", "Coffee morning"}
    # The same seed builds the same answers and the same groups.
    assert _world(5) == (people, attendances)
