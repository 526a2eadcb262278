"""The JSON API adds, changes and ends link worker posts, sets the scheme's standard, changes
and ends a practice's fund or protected time, and removes a post's record, as the pages do:
the same services, the same people allowed, once per Idempotency-Key, the field at fault
named, another scheme's records not found."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core import clock
from linkwork.testing.api import post_json, token_client
from linkwork.testing.world import SmallWorld
from linkwork.workforce.models import (
    LinkWorkerPost,
    PracticeFund,
    ProtectedTime,
    TrainingRecord,
    WorkforceStandard,
)
from linkwork.workforce.services import fund_record, protected_time_record, training_record
from linkwork.workforce.tests.helpers import client_for, make_post, make_team_lead

pytestmark = pytest.mark.django_db


def put_json(client: Client, url: str, body: Any, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.put(url, data=json.dumps(body), content_type="application/json", headers=headers)


def _errors(response: Any) -> tuple[int, set[str]]:
    return response.status_code, set(response.json()["errors"])


def _post_body(world: SmallWorld, **changes: object) -> dict[str, object]:
    return {
        "title": "Link worker",
        "holder": None,
        "line_manager": str(world.users[Role.SCHEME_MANAGER].pk),
        "employer": str(world.pcn.pk),
        "contracted_hours": "37.5",
        "started_on": (clock.today() - timedelta(days=30)).isoformat(),
        "practices": [str(world.practice.pk)],
        "thematic_role": "generic",
        **changes,
    }


def test_a_scheme_manager_adds_a_post_once(world: SmallWorld) -> None:
    manager = client_for(world.users[Role.SCHEME_MANAGER])
    url = f"/api/v1/workforce/schemes/{world.scheme.slug}/posts"
    body = _post_body(world, holder=str(world.users[Role.LINK_WORKER].pk))
    made = post_json(manager, url, body, key="post-key-0001")
    assert made.status_code == 201, made.content
    assert made.json()["practices"] == [str(world.practice.pk)]
    assert post_json(manager, url, body, key="post-key-0001").json() == made.json()
    assert LinkWorkerPost.objects.count() == 1
    # Ids the page would not offer are refused by name: another scheme's worker, a practice
    # this scheme does not serve, an organisation that cannot employ its link workers.
    stranger = _post_body(
        world,
        holder=str(world.extra["scot_link_worker"].pk),
        practices=[str(world.scot_practice.pk)],
        employer=str(world.vcse.pk),
    )
    assert _errors(post_json(manager, url, stranger)) == (
        400,
        {"holder", "practices", "employer"},
    )
    assert _errors(post_json(manager, url, _post_body(world, contracted_hours="99"))) == (
        422,
        {"contracted_hours"},
    )
    assert _errors(post_json(manager, url, _post_body(world, thematic_role="wizard"))) == (
        400,
        {"thematic_role"},
    )
    worker = client_for(world.users[Role.LINK_WORKER])
    assert post_json(worker, url, body).status_code == 403
    outsider = client_for(world.extra["scot_link_worker"])
    assert post_json(outsider, url, body).status_code == 404
    theirs = f"/api/v1/workforce/schemes/{world.scot_scheme.slug}/posts"
    assert post_json(manager, theirs, body).status_code == 404
    assert LinkWorkerPost.objects.count() == 1


def test_a_post_is_changed_by_its_line_manager_and_ended_by_a_manager(world: SmallWorld) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    url = f"/api/v1/workforce/posts/{post.pk}"
    body = _post_body(
        world,
        holder=str(post.holder_id),
        line_manager=str(lead.pk),
        started_on=post.started_on.isoformat(),
        contracted_hours="30",
        title="Senior link worker",
    )
    changed = put_json(client_for(lead), url, body, key="change-key-01")
    assert changed.status_code == 200, changed.content
    assert changed.json()["contracted_hours"] == "30.0"
    assert put_json(client_for(lead), url, body, key="change-key-01").json() == changed.json()
    audited = AuditEvent.objects.filter(object_type="link_worker_post", object_id=str(post.pk))
    assert audited.count() == 1
    assert audited.get().detail["changes"]["contracted_hours"] == ["37.5", "30"]
    someone_else = {**body, "holder": str(world.extra["colleague"].pk)}
    assert _errors(put_json(client_for(lead), url, someone_else)) == (400, {"holder"})
    holder = client_for(world.users[Role.LINK_WORKER])
    assert put_json(holder, url, body).status_code == 403
    outsider = client_for(world.extra["scot_link_worker"])
    assert put_json(outsider, url, body).status_code == 404

    end = {"ended_on": clock.today().isoformat()}
    # The line manager changes the post, but ending it is for the scheme's managers.
    assert post_json(holder, f"{url}/end", end).status_code == 403
    assert post_json(outsider, f"{url}/end", end).status_code == 404
    system = token_client(
        organisation=world.pcn, role=Role.SCHEME_MANAGER, scheme=world.scheme, name="HR system"
    )
    ended = post_json(system, f"{url}/end", end, key="end-key-0001")
    assert ended.status_code == 200, ended.content
    assert ended.json()["ended_on"] == end["ended_on"]
    assert post_json(system, f"{url}/end", end, key="end-key-0001").json() == ended.json()
    assert AuditEvent.objects.filter(
        actor=system.api_client.user, object_type="link_worker_post", action="update"
    ).exists()
    assert _errors(post_json(system, f"{url}/end", end)) == (400, {"ended_on"})
    post.refresh_from_db()
    assert post.ended_on == clock.today()


def test_the_schemes_standard(world: SmallWorld) -> None:
    manager = client_for(world.users[Role.SCHEME_MANAGER])
    url = f"/api/v1/workforce/schemes/{world.scheme.slug}/standard"
    body = {
        "supervision_interval_days": 42,
        "required_courses": ["Safeguarding adults level 2", " "],
        "wellbeing_items": ["I feel supported", "My caseload is manageable"],
    }
    saved = put_json(manager, url, body, key="standard-key-1")
    assert saved.status_code == 200, saved.content
    assert saved.json()["required_courses"] == ["Safeguarding adults level 2"]
    assert put_json(manager, url, body, key="standard-key-1").json() == saved.json()
    assert _errors(put_json(manager, url, {**body, "supervision_interval_days": 3})) == (
        422,
        {"supervision_interval_days"},
    )
    assert _errors(put_json(manager, url, {**body, "wellbeing_items": [" "]})) == (
        400,
        {"wellbeing_items"},
    )
    assert put_json(client_for(world.users[Role.LINK_WORKER]), url, body).status_code == 403
    assert put_json(client_for(world.extra["scot_link_worker"]), url, body).status_code == 404
    assert WorkforceStandard.objects.get(scheme=world.scheme).supervision_interval_days == 42


def _fund(world: SmallWorld) -> PracticeFund:
    return fund_record(
        actor=world.users[Role.PRACTICE_MANAGER],
        scheme=world.scheme,
        practice=world.practice,
        amount_gbp=Decimal("1500.00"),
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
        purpose="gp_time",
    )


def test_a_fund_is_changed_and_ended_by_the_practices_managers(world: SmallWorld) -> None:
    fund = _fund(world)
    url = f"/api/v1/workforce/funds/{fund.pk}"
    body = {
        "amount_gbp": "2000.00",
        "period_start": "2026-04-01",
        "period_end": "2027-03-31",
        "purpose": "gp_time",
        "note": "Raised at the budget review",
    }
    practice_manager = client_for(world.users[Role.PRACTICE_MANAGER])
    changed = put_json(practice_manager, url, body, key="fund-change-1")
    assert changed.status_code == 200, changed.content
    assert put_json(practice_manager, url, body, key="fund-change-1").json() == changed.json()
    fund.refresh_from_db()
    assert fund.amount_gbp == Decimal("2000.00")
    audited = AuditEvent.objects.filter(object_type="practice_fund", object_id=str(fund.pk))
    assert audited.count() == 1
    backwards = {**body, "period_end": "2026-01-01"}
    assert _errors(put_json(practice_manager, url, backwards)) == (400, {"period_end"})
    assert _errors(put_json(practice_manager, url, {**body, "amount_gbp": "lots"})) == (
        422,
        {"amount_gbp"},
    )
    gp = client_for(world.users[Role.REFERRER_GP])
    assert put_json(gp, url, body).status_code == 403
    outsider = client_for(world.extra["scot_link_worker"])
    assert put_json(outsider, url, body).status_code == 404

    end = {"ended_on": "2026-12-31"}
    ended = post_json(practice_manager, f"{url}/end", end, key="fund-end-0001")
    assert ended.status_code == 200, ended.content
    assert ended.json()["period_end"] == "2026-12-31"
    assert post_json(practice_manager, f"{url}/end", end, key="fund-end-0001").json() == (
        ended.json()
    )
    assert _errors(post_json(practice_manager, f"{url}/end", end)) == (400, {"ended_on"})
    assert post_json(outsider, f"{url}/end", end).status_code == 404
    assert post_json(gp, f"{url}/end", end).status_code == 403
    assert AuditEvent.objects.filter(object_type="practice_fund").count() == 2


def test_protected_time_is_changed_and_ended_by_a_client_of_the_scheme(world: SmallWorld) -> None:
    record = protected_time_record(
        actor=world.users[Role.PRACTICE_MANAGER],
        scheme=world.scheme,
        practice=world.practice,
        staff_name="Dr Patel",
        staff_group="gp",
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
        hours_per_week=Decimal("2.0"),
    )
    system = token_client(organisation=world.pcn, role=Role.SCHEME_MANAGER, scheme=world.scheme)
    url = f"/api/v1/workforce/protected-time/{record.pk}"
    body = {
        "staff_name": "Dr Patel",
        "staff_group": "gp",
        "period_start": "2026-04-01",
        "period_end": "2027-03-31",
        "hours_per_week": "3.5",
    }
    changed = put_json(system, url, body, key="time-change-1")
    assert changed.status_code == 200, changed.content
    assert put_json(system, url, body, key="time-change-1").json() == changed.json()
    assert _errors(put_json(system, url, {**body, "staff_group": "wizard"})) == (
        400,
        {"staff_group"},
    )
    ended = post_json(system, f"{url}/end", {"ended_on": "2026-09-30"}, key="time-end-0001")
    assert ended.status_code == 200, ended.content
    record.refresh_from_db()
    assert (record.hours_per_week, record.period_end) == (Decimal("3.5"), date(2026, 9, 30))
    assert (
        AuditEvent.objects.filter(
            actor=system.api_client.user, object_type="protected_time", action="update"
        ).count()
        == 2
    )
    outsider = client_for(world.extra["scot_link_worker"])
    assert put_json(outsider, url, body).status_code == 404
    assert ProtectedTime.objects.count() == 1


def test_a_posts_record_is_removed_once(world: SmallWorld) -> None:
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)
    worker = world.users[Role.LINK_WORKER]
    record = training_record(
        actor=worker,
        post=post,
        course="Motivational interviewing",
        completed_on=clock.today() - timedelta(days=3),
        provider="NHS England",
    )
    url = f"/api/v1/workforce/records/training/{record.pk}"
    # The scheme's other manager sees the post, not its records; another scheme sees nothing.
    assert client_for(world.users[Role.SCHEME_MANAGER]).delete(url).status_code == 403
    assert client_for(world.extra["scot_link_worker"]).delete(url).status_code == 404
    assert client_for(worker).delete(f"/api/v1/workforce/records/diary/{record.pk}").json()[
        "errors"
    ].keys() == {"kind"}
    holder = client_for(worker)
    headers = {"Idempotency-Key": "remove-key-01"}
    removed = holder.delete(url, headers=headers)
    assert removed.status_code == 200, removed.content
    assert removed.json() == {"id": str(record.pk), "kind": "training", "removed": True}
    assert holder.delete(url, headers=headers).json() == removed.json()
    assert holder.delete(url).status_code == 404
    assert TrainingRecord.objects.count() == 0


def test_the_api_documents_these_operations(world: SmallWorld) -> None:
    manager = client_for(world.users[Role.SCHEME_MANAGER])
    assert manager.get("/api/v1/docs").status_code == 200
    paths = manager.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/workforce/schemes/{slug}/posts",
        "/api/v1/workforce/posts/{post_id}",
        "/api/v1/workforce/funds/{fund_id}/end",
        "/api/v1/workforce/records/{kind}/{record_id}",
    ):
        assert {"400", "403", "404", "422"} <= set(next(iter(paths[path].values()))["responses"])
