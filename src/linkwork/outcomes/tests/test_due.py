"""Each scheme's schedule drives the due lists of its link workers and managers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.organisations.services import scheme_policy_set
from linkwork.outcomes.models import ScheduleRule
from linkwork.outcomes.selectors import due_lists_for, due_questionnaires_for
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.testing.world import default_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_tool(tools_world):
    scheme_policy_set(scheme=tools_world.scheme, policy=default_policy(outcome_tools=("swemwbs",)))
    return tools_world


def due_for(user, today=None):
    items = due_questionnaires_for(user=user, today=today or timezone.localdate())
    return [(i.person_name, i.instrument_id, i.timepoint, i.overdue) for i in items]


def test_baseline_falls_due_at_the_first_session(one_tool, make_episode, link_worker) -> None:
    make_episode(sessions=0, days_ago=10, family_name="Waiting")
    recent = make_episode(sessions=1, days_ago=14, family_name="Recent")
    late = make_episode(sessions=1, days_ago=40, family_name="Late")
    assert due_for(link_worker) == [
        ("Ada Late", "swemwbs", "baseline", True),
        ("Ada Recent", "swemwbs", "baseline", False),
    ]
    (item, _) = due_questionnaires_for(user=link_worker, today=timezone.localdate())
    assert item.referral_id == late.pk
    assert item.due_on == late.received_on + timedelta(days=7)
    assert item.record_url == (
        f"/outcomes/referrals/{late.pk}/record/?instrument=swemwbs&timepoint=baseline"
    )
    assert recent.pk != late.pk


def test_the_last_day_of_a_window_is_listed_and_the_day_after_is_not(
    one_tool, make_episode, link_worker
) -> None:
    # The list narrows the caseload in SQL before running the rules: an episode whose only
    # session was 90 days ago (the window's last day) or that was discharged 181 days ago
    # (follow-up at 91 days, then its 90-day window) must still be read.
    make_episode(sessions=1, days_ago=97, family_name="Edge")
    make_episode(sessions=1, days_ago=98, family_name="Past")
    make_episode(sessions=3, days_ago=400, discharged_days_ago=181, family_name="FollowEdge")
    make_episode(sessions=3, days_ago=400, discharged_days_ago=182, family_name="FollowPast")
    assert due_for(link_worker) == [
        ("Ada Edge", "swemwbs", "baseline", True),
        ("Ada FollowEdge", "swemwbs", "follow_up", True),
    ]


def test_recording_removes_the_item(one_tool, make_episode, link_worker) -> None:
    referral = make_episode(sessions=1, days_ago=14)
    assert len(due_for(link_worker)) == 1
    administration_record(
        referral=referral,
        actor=link_worker,
        questionnaire=Questionnaire("swemwbs", "baseline", timezone.localdate(), "telephone"),
        responses=[3] * 7,
    )
    assert due_for(link_worker) == []


def test_review_at_the_fourth_session(one_tool, make_episode, link_worker) -> None:
    referral = make_episode(sessions=4, days_ago=35)
    administration_record(
        referral=referral,
        actor=link_worker,
        questionnaire=Questionnaire(
            "swemwbs", "baseline", referral.received_on + timedelta(days=7), "self_completed"
        ),
        responses=[3] * 7,
    )
    assert [(i[1], i[2]) for i in due_for(link_worker)] == [("swemwbs", "review")]


def test_follow_up_three_months_after_discharge(one_tool, make_episode, link_worker) -> None:
    referral = make_episode(sessions=3, days_ago=200, discharged_days_ago=95)
    # The baseline and review windows have long closed; only the follow-up is listed.
    assert due_for(link_worker) == [("Ada Person1", "swemwbs", "follow_up", False)]
    today = timezone.localdate()
    assert due_for(link_worker, today - timedelta(days=5)) == []
    assert referral.closed_on == today - timedelta(days=95)


def test_a_schemes_own_rules_replace_the_default(one_tool, make_episode, link_worker) -> None:
    make_episode(sessions=1, days_ago=14)
    ScheduleRule.objects.create(
        scheme=one_tool.scheme,
        instrument_id="swemwbs",
        timepoint="baseline",
        rule="session",
        session_number=2,
    )
    assert due_for(link_worker) == []
    ScheduleRule.objects.create(
        scheme=one_tool.scheme,
        instrument_id="ucla3",
        timepoint="baseline",
        rule="session",
        session_number=1,
        grace_days=0,
    )
    assert due_for(link_worker) == [("Ada Person1", "ucla3", "baseline", True)]
    # A built-in named only by the schedule can be recorded too.
    referral = one_tool.scheme.referrals.get()
    administration_record(
        referral=referral,
        actor=link_worker,
        questionnaire=Questionnaire("ucla3", "baseline", timezone.localdate(), "telephone"),
        responses=[2, 2, 2],
    )
    assert due_for(link_worker) == []


def test_schemes_without_tools_have_nothing_due(world, make_episode, link_worker) -> None:
    make_episode(sessions=1, days_ago=14)
    scheme_policy_set(scheme=world.scheme, policy=default_policy(outcome_tools=()))
    assert due_for(link_worker) == []


def test_who_sees_which_due_list(one_tool, make_episode, link_worker) -> None:
    make_episode(sessions=1, days_ago=14)
    assert len(due_for(one_tool.users[Role.SCHEME_MANAGER])) == 1
    # Another link worker of the same scheme: not their caseload.
    assert due_for(one_tool.extra["colleague"]) == []
    # A link worker of another scheme, and roles without casework: nothing.
    for user in (
        one_tool.extra["scot_link_worker"],
        one_tool.users[Role.REFERRER_GP],
        one_tool.users[Role.COMMISSIONER],
    ):
        assert due_for(user) == []


def test_listing_is_audited_per_person(one_tool, make_episode, link_worker) -> None:
    referral = make_episode(sessions=1, days_ago=14)
    due_for(link_worker)
    event = AuditEvent.objects.get(object_type="outcome_due")
    assert (event.action, event.actor) == ("list", link_worker)
    assert [(s.person_id, s.scheme_id) for s in event.subjects.all()] == [
        (referral.person_id, referral.scheme_id)
    ]


def test_the_due_list_query_count_does_not_grow_with_the_caseload(
    one_tool, make_episode, link_worker, django_assert_max_num_queries
) -> None:
    make_episode(sessions=1, days_ago=14)
    with django_assert_max_num_queries(13) as few:
        due_for(link_worker)
    for _ in range(4):
        make_episode(sessions=1, days_ago=14)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(due_for(link_worker)) == 5


def test_schedule_rules_are_validated(one_tool) -> None:
    from django.core.exceptions import ValidationError

    rule = ScheduleRule(
        scheme=one_tool.scheme, instrument_id="nope", timepoint="baseline", rule="session"
    )
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "instrument_id" in caught.value.message_dict
    rule.instrument_id = "ucla3"
    with pytest.raises(ValidationError, match="session number"):
        rule.full_clean()
    rule.session_number = 1
    rule.full_clean()


def section(page: str, testid: str) -> str:
    marker = f'data-testid="{testid}"'
    assert marker in page
    return page.split(marker, 1)[1].split("</section>", 1)[0]


def test_a_discharged_episode_is_not_listed_among_the_open_ones(
    one_tool, make_episode, link_worker
) -> None:
    make_episode(sessions=1, days_ago=14, family_name="Open")
    # Discharged five days ago: its review fell due at discharge and can still be written up.
    gone = make_episode(sessions=3, days_ago=60, discharged_days_ago=5, family_name="Gone")
    lists = due_lists_for(user=link_worker, today=timezone.localdate())
    assert [(i.person_name, i.timepoint) for i in lists.open] == [("Ada Open", "baseline")]
    assert [(i.person_name, i.discharged_on) for i in lists.after_discharge] == [
        ("Ada Gone", gone.closed_on)
    ]
    client = Client()
    client.force_login(link_worker)
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Ada Open" in section(page, "due-questionnaires")
    assert "Ada Gone" not in section(page, "due-questionnaires")
    assert "Ada Gone" in section(page, "due-after-discharge")


def test_the_due_page_lists_discharged_episodes_apart(one_tool, make_episode, link_worker) -> None:
    make_episode(sessions=3, days_ago=200, discharged_days_ago=95, family_name="Followed")
    client = Client()
    client.force_login(link_worker)
    page = client.get(reverse("outcomes:due")).content.decode()
    assert "Ada Followed" not in section(page, "due-questionnaires")
    assert "Ada Followed" in section(page, "due-after-discharge")


def test_nothing_due_now_still_points_to_what_is_due_after_discharge(
    one_tool, make_episode, link_worker
) -> None:
    make_episode(sessions=3, days_ago=200, discharged_days_ago=95, family_name="Followed")
    client = Client()
    client.force_login(link_worker)
    page = client.get(reverse("outcomes:due")).content.decode()
    nothing = section(page, "due-questionnaires")
    assert "No questionnaires are due." not in nothing
    assert "1 is due after discharge" in nothing
