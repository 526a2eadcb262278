"""The JSON API writes, changes and approves case studies, and records consent withdrawn, as
the case study pages do: the same services and people, once per Idempotency-Key, and another
scheme's case study is not found."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core import clock
from linkwork.testing.api import post_json
from linkwork.testing.world import SmallWorld, refer_and_start
from linkwork.voice.case_study_services import Story, case_study_write
from linkwork.voice.models import CaseStudy

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _story(**overrides: object) -> dict[str, object]:
    return {
        "title": "Back to the allotment",
        "what_mattered": "Growing things again.",
        "what_was_done": "Introduced to the allotment society.",
        "what_changed": "Out three times a week.",
        "consent_on": clock.today().isoformat(),
        "consent_how": "written",
        **overrides,
    }


def test_a_case_study_is_written_once_approved_and_withdrawn(world: SmallWorld) -> None:
    episode = refer_and_start(world)
    url = f"/api/v1/voice/referrals/{episode.pk}/case-studies"
    worker = _client(world)
    made = post_json(worker, url, _story(), key="story-key-0001")
    assert made.status_code == 201, made.content
    assert post_json(worker, url, _story(), key="story-key-0001").json() == made.json()
    assert CaseStudy.objects.count() == 1
    study = f"/api/v1/voice/case-studies/{made.json()['id']}"
    # Only a manager of the scheme approves.
    refused = post_json(worker, f"{study}/approve", {})
    assert (refused.status_code, refused.json()["code"]) == (400, "case_study_approver")
    approved = post_json(_client(world, Role.SCHEME_MANAGER), f"{study}/approve", {}, "appr-0001")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    changed = worker.put(
        study,
        data=json.dumps(_story(title="Allotment days")),
        content_type="application/json",
    )
    assert (changed.status_code, changed.json()["title"]) == (200, "Allotment days")
    assert changed.json()["status"] == "draft"
    future = (clock.today() + timedelta(days=2)).isoformat()
    bad_day = post_json(worker, f"{study}/withdraw-consent", {"on": future})
    assert (bad_day.status_code, set(bad_day.json()["errors"])) == (400, {"on"})
    withdrawn = post_json(worker, f"{study}/withdraw-consent", {}, "wd-key-0001")
    assert withdrawn.json()["consent_withdrawn_on"] == clock.today().isoformat()
    assert post_json(worker, f"{study}/withdraw-consent", {}, "wd-key-0001").json() == (
        withdrawn.json()
    )
    read = worker.get(study)
    assert read.status_code == 200
    assert AuditEvent.objects.filter(
        actor=world.users[Role.LINK_WORKER], person_id=episode.person_id, action="view"
    ).exists()


def test_a_bad_story_names_each_field(world: SmallWorld) -> None:
    episode = refer_and_start(world)
    url = f"/api/v1/voice/referrals/{episode.pk}/case-studies"
    response = post_json(_client(world), url, _story(what_changed=" ", consent_how="telepathy"))
    assert response.status_code == 400
    assert {"what_changed", "consent_how"} <= set(response.json()["errors"])
    typed = post_json(_client(world), url, _story(consent_on="yesterday", title=3))
    assert typed.status_code == 422
    assert {"consent_on", "title"} <= set(typed.json()["errors"])
    assert not CaseStudy.objects.exists()


def test_another_schemes_case_study_is_not_found(world: SmallWorld) -> None:
    theirs = refer_and_start(world)
    study = case_study_write(
        referral=theirs,
        actor=world.users[Role.LINK_WORKER],
        story=Story(title="Theirs", what_mattered="a", what_was_done="b", what_changed="c"),
    )
    outsider = Client()
    outsider.force_login(world.extra["scot_link_worker"])
    url = f"/api/v1/voice/case-studies/{study.pk}"
    assert outsider.get(url).status_code == 404
    for action in ("approve", "withdraw-consent"):
        assert post_json(outsider, f"{url}/{action}", {}).status_code == 404
    create = post_json(outsider, f"/api/v1/voice/referrals/{theirs.pk}/case-studies", _story())
    assert create.status_code == 404
    assert "Theirs" not in outsider.get(url).content.decode()
    assert CaseStudy.objects.count() == 1
