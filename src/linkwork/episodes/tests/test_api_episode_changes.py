"""The JSON API makes the referral page's changes to a running episode (a goal's status,
closing, the at-risk flag, the safety record, what matters) and to its summary after discharge
(amend, mark sent): the same services, the same people (another scheme's episode is not found,
a referrer may not change it), audited as the page is, once per Idempotency-Key."""

from __future__ import annotations

import inspect
from datetime import timedelta

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.api import api
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import EpisodeSummary, Goal, Referral, ReferralEvent
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.plan import goal_add
from linkwork.testing.api import post_json, token_client
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db

NEW_OPERATIONS = {
    "goal_status_set",
    "episode_close",
    "at_risk_set",
    "safety_record",
    "what_matters_set",
    "summary_amend_api",
    "summary_sent_api",
}


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _goal(world: SmallWorld, referral: Referral) -> Goal:
    return goal_add(
        referral=referral, actor=world.users[Role.LINK_WORKER], description="Walk to the shop"
    )


def _closed(world: SmallWorld) -> Referral:
    """A discharged episode, with its first summary written at discharge."""
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=referral.received_on + timedelta(days=1),
        mode="telephone",
        duration_minutes=30,
    )
    referral_discharge(referral=referral, actor=worker, reason="goals_met")
    return referral


def test_a_goals_status_changes_once_per_key(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    goal = _goal(world, referral)
    client = _client(world)
    url = f"/api/v1/referrals/{referral.pk}/goals/{goal.pk}/status"
    first = post_json(client, url, {"status": "in_progress"}, key="goal-status-0001")
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "in_progress"
    # A replay answers as the first did, and writes no second event.
    again = post_json(client, url, {"status": "in_progress"}, key="goal-status-0001")
    assert again.json() == first.json()
    assert ReferralEvent.objects.filter(referral=referral, kind="goal").count() == 2  # add + one
    goal.refresh_from_db()
    assert goal.status == "in_progress"
    bad = post_json(client, url, {"status": "finished"})
    assert (bad.status_code, set(bad.json()["errors"])) == (422, {"status"})
    other = _goal(world, refer_and_start(world))
    elsewhere = f"/api/v1/referrals/{referral.pk}/goals/{other.pk}/status"
    missing = post_json(client, elsewhere, {"status": "achieved"})
    assert (missing.status_code, missing.json()["code"]) == (404, "goal_not_found")
    goal.refresh_from_db()
    assert goal.status == "in_progress"


def test_closing_names_the_field_and_runs_once(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = _client(world)
    url = f"/api/v1/referrals/{referral.pk}/close"
    discharge_instead = post_json(client, url, {"status": "discharged"})
    assert (discharge_instead.status_code, set(discharge_instead.json()["errors"])) == (
        422,
        {"status"},
    )
    too_long = post_json(client, url, {"status": "withdrawn", "note": "x" * 501})
    assert (too_long.status_code, set(too_long.json()["errors"])) == (422, {"note"})
    referral.refresh_from_db()
    assert referral.status != "withdrawn"
    done = post_json(
        client, url, {"status": "withdrawn", "note": "Moved away."}, key="close-key-0001"
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "withdrawn"
    assert post_json(client, url, {"status": "withdrawn"}, key="close-key-0001").json() == (
        done.json()
    )
    # Without the key, the closed episode's own rules refuse a second close.
    assert post_json(client, url, {"status": "withdrawn"}).status_code == 400


def test_at_risk_safety_and_what_matters(world: SmallWorld) -> None:
    referral = refer_and_start(world, risk_flags=["lone_working_caution"])
    client = _client(world)
    base = f"/api/v1/referrals/{referral.pk}"
    no_reason = post_json(client, f"{base}/at-risk", {"at_risk": True})
    assert (no_reason.status_code, set(no_reason.json()["errors"])) == (400, {"at_risk_reason"})
    flagged = post_json(
        client, f"{base}/at-risk", {"at_risk": True, "at_risk_reason": "Lives alone."}, "risk-0001"
    )
    assert (flagged.status_code, flagged.json()["at_risk"]) == (200, True)
    empty = post_json(client, f"{base}/safety", {"safety_action": "  "})
    assert (empty.status_code, set(empty.json()["errors"])) == (400, {"safety_action"})
    missing = post_json(client, f"{base}/safety", {})
    assert (missing.status_code, set(missing.json()["errors"])) == (422, {"safety_action"})
    acted = post_json(
        client, f"{base}/safety", {"safety_action": "Spoke to the GP."}, key="safety-key-0001"
    )
    assert acted.status_code == 200, acted.content
    # The same request retried gets the first answer, not "already recorded".
    replay = post_json(
        client, f"{base}/safety", {"safety_action": "Spoke to the GP."}, key="safety-key-0001"
    )
    assert (replay.status_code, replay.json()) == (200, acted.json())
    twice = post_json(client, f"{base}/safety", {"safety_action": "Again."})
    assert (twice.status_code, twice.json()["code"]) == (400, "safety_recorded")
    matters = post_json(client, f"{base}/what-matters", {"what_matters": " My garden. "})
    assert (matters.status_code, matters.json()["what_matters"]) == (200, "My garden.")
    referral.refresh_from_db()
    assert (referral.at_risk, referral.safety_action, referral.what_matters) == (
        True,
        "Spoke to the GP.",
        "My garden.",
    )


def test_a_summary_is_amended_and_marked_sent_once(world: SmallWorld) -> None:
    referral = _closed(world)
    client = _client(world)
    amend = f"/api/v1/referrals/{referral.pk}/summary/amend"
    no_reason = post_json(client, amend, {"reason": " "})
    assert (no_reason.status_code, set(no_reason.json()["errors"])) == (400, {"reason"})
    written = post_json(client, amend, {"reason": "Added the last session."}, "amend-key-0001")
    assert written.status_code == 201, written.content
    assert written.json()["version"] == 2
    assert post_json(
        client, amend, {"reason": "Added the last session."}, "amend-key-0001"
    ).json() == (written.json())
    assert EpisodeSummary.objects.filter(referral=referral).count() == 2
    sent = post_json(client, f"/api/v1/referrals/{referral.pk}/summary/2/sent", {}, "sent-0001")
    assert sent.status_code == 200, sent.content
    assert sent.json()["sent_by"] == str(world.users[Role.LINK_WORKER].pk)
    no_version = post_json(client, f"/api/v1/referrals/{referral.pk}/summary/9/sent", {})
    assert (no_version.status_code, no_version.json()["code"]) == (404, "summary_not_found")
    running = refer_and_start(world)
    open_episode = post_json(
        client, f"/api/v1/referrals/{running.pk}/summary/amend", {"reason": "Early."}
    )
    assert (open_episode.status_code, open_episode.json()["code"]) == (400, "summary_open_episode")


def test_only_the_schemes_casework_staff_may_change_it(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    goal = _goal(world, referral)
    base = f"/api/v1/referrals/{referral.pk}"
    changes = [
        (f"{base}/goals/{goal.pk}/status", {"status": "achieved"}),
        (f"{base}/close", {"status": "withdrawn"}),
        (f"{base}/at-risk", {"at_risk": True, "at_risk_reason": "Lives alone."}),
        (f"{base}/safety", {"safety_action": "Spoke to the GP."}),
        (f"{base}/what-matters", {"what_matters": "My garden."}),
        (f"{base}/summary/amend", {"reason": "Corrected."}),
        (f"{base}/summary/1/sent", {}),
    ]
    before = referral.status
    referrer = _client(world, Role.REFERRER_GP)
    stranger = Client()
    stranger.force_login(world.extra["scot_link_worker"])
    for url, body in changes:
        # The referring GP may read the referral, not change it.
        assert post_json(referrer, url, body).status_code == 403, url
        # Another scheme's staff learn nothing, not even that it exists.
        assert post_json(stranger, url, body).status_code == 404, url
    referral.refresh_from_db()
    goal.refresh_from_db()
    assert (referral.status, referral.at_risk, referral.what_matters, goal.status) == (
        before,
        False,
        "",
        "not_started",
    )
    assert not EpisodeSummary.objects.filter(referral=referral).exists()


def test_a_registered_client_is_audited_as_the_page_is(world: SmallWorld) -> None:
    system = token_client(organisation=world.pcn, role=Role.LINK_WORKER, scheme=world.scheme)
    worker = system.api_client.user
    referral = refer_and_start(world)
    goal = _goal(world, referral)
    url = f"/api/v1/referrals/{referral.pk}/goals/{goal.pk}/status"
    changed = post_json(system, url, {"status": "achieved"}, key="sys-goal-0001")
    assert changed.status_code == 200, changed.content
    assert AuditEvent.objects.filter(
        actor=worker, object_type="goal", object_id=str(goal.pk), action="update"
    ).exists()
    matters = post_json(
        system, f"/api/v1/referrals/{referral.pk}/what-matters", {"what_matters": "Singing."}
    )
    assert matters.status_code == 200, matters.content
    assert AuditEvent.objects.filter(
        actor=worker,
        object_type="referral",
        object_id=str(referral.pk),
        action="update",
        detail__fields=["what_matters"],
    ).exists()


def test_each_change_runs_through_the_shared_guard() -> None:
    views = {
        operation.view_func.__name__: operation.view_func
        for _, router in api._routers
        for view in router.path_operations.values()
        for operation in view.operations
        if operation.view_func.__name__ in NEW_OPERATIONS
    }
    assert set(views) == NEW_OPERATIONS
    assert all("_once(" in inspect.getsource(view) for view in views.values())
