"""Changing and ending posts, funds and protected time: only by those entitled to (the scheme's
managers or the post's line manager; the practice's managers or the managers of the scheme a
resource was recorded for), each change audited with its values before and after."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.clock import today
from linkwork.core.errors import DomainError
from linkwork.organisations.services import scheme_create
from linkwork.testing.world import SmallWorld, default_policy, make_user
from linkwork.workforce.edit_services import post_update, resource_end
from linkwork.workforce.models import LinkWorkerPost, PracticeFund, ProtectedTime
from linkwork.workforce.services import fund_record, post_create, protected_time_record
from linkwork.workforce.tests.helpers import client_for, make_post

pytestmark = pytest.mark.django_db


def post_data(post: LinkWorkerPost, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": post.title,
        "holder": str(post.holder_id or ""),
        "line_manager": str(post.line_manager_id or ""),
        "employer": str(post.employer_id),
        "contracted_hours": str(post.contracted_hours),
        "started_on": post.started_on.isoformat(),
        "thematic_role": post.thematic_role,
        "practices": [str(p.pk) for p in post.practices.all()],
    }
    data.update(overrides)
    return data


def test_a_scheme_manager_changes_a_post_and_the_change_is_audited(world: SmallWorld) -> None:
    post = make_post(world)
    client = client_for(world.users[Role.SCHEME_MANAGER])
    url = reverse("workforce:post_edit", args=[post.pk])
    assert client.get(url).status_code == 200
    sent = client.post(url, post_data(post, contracted_hours="30", practices=[]))
    assert sent.status_code == 302
    post.refresh_from_db()
    assert post.contracted_hours == Decimal("30.0")
    assert not post.practices.exists()
    event = AuditEvent.objects.get(object_type="link_worker_post", object_id=str(post.pk))
    assert event.detail["changes"]["contracted_hours"] == ["37.5", "30"]
    assert event.detail["changes"]["practices"] == [[str(world.practice.pk)], []]


def test_the_line_manager_may_change_the_post_the_holder_and_other_schemes_may_not(
    world: SmallWorld,
) -> None:
    lead = world.extra["colleague"]
    post = make_post(world, line_manager=lead)
    url = reverse("workforce:post_edit", args=[post.pk])
    assert client_for(lead).get(url).status_code == 200
    holder = client_for(world.users[Role.LINK_WORKER])
    assert holder.get(url).status_code == 403
    assert holder.post(url, post_data(post, contracted_hours="20")).status_code == 403
    elsewhere = make_user(
        "scot-manager", role=Role.SCHEME_MANAGER, organisation=world.hscp, scheme=world.scot_scheme
    )
    assert client_for(elsewhere).get(url).status_code == 404
    assert client_for(world.extra["scot_link_worker"]).get(url).status_code == 404
    post.refresh_from_db()
    assert post.contracted_hours == Decimal("37.5")


def test_a_new_holder_takes_a_new_post_but_a_vacancy_can_be_filled(world: SmallWorld) -> None:
    manager = world.users[Role.SCHEME_MANAGER]
    filled = make_post(world)
    fields: dict[str, Any] = {
        "title": filled.title,
        "line_manager": None,
        "employer": world.pcn,
        "contracted_hours": Decimal("37.5"),
        "started_on": filled.started_on,
        "practices": [world.practice],
        "thematic_role": "generic",
    }
    with pytest.raises(DomainError) as refused:
        post_update(actor=manager, post=filled, holder=world.extra["colleague"], **fields)
    assert "takes a new post" in refused.value.field_errors["holder"][0]
    vacant = post_create(
        actor=manager,
        scheme=world.scheme,
        holder=None,
        line_manager=None,
        employer=world.pcn,
        contracted_hours=Decimal("37.5"),
        started_on=filled.started_on,
        practices=[],
    )
    post_update(actor=manager, post=vacant, holder=world.extra["colleague"], **fields)
    assert LinkWorkerPost.objects.get(pk=vacant.pk).holder == world.extra["colleague"]


def test_a_bad_change_names_the_field_and_writes_nothing(world: SmallWorld) -> None:
    post = make_post(world)
    client = client_for(world.users[Role.SCHEME_MANAGER])
    sent = client.post(
        reverse("workforce:post_edit", args=[post.pk]), post_data(post, contracted_hours="60")
    )
    assert sent.status_code == 400
    assert "contracted hours" in sent.content.decode().lower()
    post.refresh_from_db()
    assert post.contracted_hours == Decimal("37.5")
    assert not AuditEvent.objects.filter(object_type="link_worker_post").exists()


def _fund(world: SmallWorld) -> PracticeFund:
    return fund_record(
        actor=world.users[Role.SCHEME_MANAGER],
        scheme=world.scheme,
        practice=world.practice,
        amount_gbp=Decimal("35000"),
        period_start=today() - timedelta(days=100),
        period_end=today() + timedelta(days=600),
        purpose="gp_time",
    )


def _time(world: SmallWorld) -> ProtectedTime:
    return protected_time_record(
        actor=world.users[Role.SCHEME_MANAGER],
        scheme=world.scheme,
        practice=world.practice,
        staff_name="Dr Ada Reid",
        staff_group="gp",
        period_start=today() - timedelta(days=100),
        period_end=today() + timedelta(days=600),
        hours_per_week=Decimal("4"),
    )


def test_a_practice_manager_changes_a_fund_and_the_change_is_audited(world: SmallWorld) -> None:
    fund = _fund(world)
    client = client_for(world.users[Role.PRACTICE_MANAGER])
    url = reverse("workforce:resource_edit", args=["fund", fund.pk])
    assert client.get(url).status_code == 200
    sent = client.post(
        url,
        {
            "amount_gbp": "30000",
            "period_start": fund.period_start.isoformat(),
            "period_end": fund.period_end.isoformat(),
            "purpose": "gp_time",
            "note": "Revised",
        },
    )
    assert sent.status_code == 302
    fund.refresh_from_db()
    assert fund.amount_gbp == Decimal("30000")
    event = AuditEvent.objects.get(object_type="practice_fund")
    assert event.detail["changes"]["amount_gbp"] == ["35000.00", "30000"]


def test_protected_time_is_ended_early_and_a_day_after_its_end_is_refused(
    world: SmallWorld,
) -> None:
    record = _time(world)
    client = client_for(world.users[Role.SCHEME_MANAGER])
    url = reverse("workforce:resource_end", args=["time", record.pk])
    late = client.post(url, {"ended_on": (record.period_end + timedelta(days=1)).isoformat()})
    assert late.status_code == 400
    assert "It already ends on" in late.content.decode()
    assert client.post(url, {"ended_on": today().isoformat()}).status_code == 302
    record.refresh_from_db()
    assert record.period_end == today()
    event = AuditEvent.objects.get(object_type="protected_time")
    assert event.detail["ended"] is True


def test_ending_before_the_start_is_refused(world: SmallWorld) -> None:
    fund = _fund(world)
    with pytest.raises(DomainError) as refused:
        resource_end(
            actor=world.users[Role.SCHEME_MANAGER],
            record=fund,
            ended_on=fund.period_start - timedelta(days=1),
        )
    assert "before its period starts" in refused.value.field_errors["ended_on"][0]


def test_another_schemes_manager_and_link_workers_may_not_change_resources(
    world: SmallWorld,
) -> None:
    fund, time = _fund(world), _time(world)
    other = scheme_create(
        name="Another scheme at the practice",
        region=world.england,
        commissioner=world.pcn_b,
        employer=world.vcse,
        managers=[world.vcse],
        practices=[world.practice],
        policy=default_policy(),
    )
    rival = make_user(
        "rival-manager", role=Role.SCHEME_MANAGER, organisation=world.vcse, scheme=other
    )
    for kind, record in (("fund", fund), ("time", time)):
        edit = reverse("workforce:resource_edit", args=[kind, record.pk])
        end = reverse("workforce:resource_end", args=[kind, record.pk])
        assert client_for(rival).get(edit).status_code == 403
        assert client_for(rival).post(end, {"ended_on": today().isoformat()}).status_code == 403
        assert client_for(world.users[Role.LINK_WORKER]).get(edit).status_code == 404
        assert client_for(world.users[Role.REFERRER_GP]).get(edit).status_code == 403
    assert (
        client_for(world.users[Role.PRACTICE_MANAGER])
        .get(reverse("workforce:resource_edit", args=["time", time.pk]))
        .status_code
        == 200
    )
    fund.refresh_from_db()
    assert fund.period_end == today() + timedelta(days=600)
