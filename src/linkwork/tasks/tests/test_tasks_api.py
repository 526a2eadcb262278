"""The JSON API writes, lists, completes and passes on tasks as the task pages do: the same
services, the same scheme scoping (another scheme's task is a 404), once per Idempotency-Key,
and every call audited under the caller's name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core import clock
from linkwork.tasks.models import Notification, Task
from linkwork.tasks.services import task_create
from linkwork.testing.api import post_json, token_client
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _body(**overrides: object) -> dict[str, object]:
    return {
        "title": "Call back about the benefits form",
        "due_on": (clock.today() + timedelta(days=3)).isoformat(),
        **overrides,
    }


def test_a_task_about_an_episode_is_written_once_per_key(world: SmallWorld) -> None:
    episode = refer_and_start(world)
    client = _client(world)
    colleague = world.extra["colleague"]
    body = _body(referral=str(episode.pk), assignee=str(colleague.pk), notes="Form PIP2.")
    first = post_json(client, "/api/v1/tasks/", body, key="task-key-0001")
    assert first.status_code == 201, first.content
    again = post_json(client, "/api/v1/tasks/", body, key="task-key-0001")
    assert again.json() == first.json()
    task = Task.objects.get(kind="by_hand")
    assert (task.assignee, task.referral, task.person_id) == (colleague, episode, episode.person_id)
    assert first.json()["assignee"] == str(colleague.pk)
    # The same notification the page sends.
    assert Notification.objects.filter(recipient=colleague, task=task).count() == 1


def test_bad_tasks_are_refused_naming_each_field(world: SmallWorld) -> None:
    client = _client(world)
    past = (clock.today() - timedelta(days=1)).isoformat()
    refused = post_json(client, "/api/v1/tasks/", _body(title="  ", due_on=past))
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"title", "due_on"}
    stranger = world.extra["scot_link_worker"]
    wrong = post_json(client, "/api/v1/tasks/", _body(assignee=str(stranger.pk)))
    assert (wrong.status_code, set(wrong.json()["errors"])) == (400, {"assignee"})
    typed = post_json(client, "/api/v1/tasks/", _body(due_on="soon", assignee="everyone"))
    assert typed.status_code == 422
    assert {"due_on", "assignee"} <= set(typed.json()["errors"])
    assert not Task.objects.exists()


def test_another_schemes_records_are_not_found(world: SmallWorld) -> None:
    theirs = refer(world, scheme=world.scot_scheme, practice=world.scot_practice)
    their_task = task_create(
        scheme=world.scot_scheme,
        actor=world.extra["scot_link_worker"],
        title="Their task",
        due_on=clock.today(),
    )
    client = _client(world)
    about = post_json(client, "/api/v1/tasks/", _body(referral=str(theirs.pk)))
    assert about.status_code == 404
    in_scheme = post_json(client, "/api/v1/tasks/", _body(scheme=str(world.scot_scheme.pk)))
    assert in_scheme.status_code == 404
    for url in (
        f"/api/v1/tasks/{their_task.pk}",
        f"/api/v1/tasks/{their_task.pk}/done",
        f"/api/v1/tasks/{their_task.pk}/reassign",
    ):
        answer = (
            client.get(url)
            if url.endswith(str(their_task.pk))
            else post_json(client, url, {"assignee": "me"})
        )
        assert answer.status_code == 404, url
        assert "Their task" not in answer.content.decode()
    assert client.get("/api/v1/tasks/?status=open").json() == []
    their_task.refresh_from_db()
    assert their_task.status == "open"


def test_a_task_is_passed_on_and_done_once(world: SmallWorld) -> None:
    manager = _client(world, Role.SCHEME_MANAGER)
    made = post_json(manager, "/api/v1/tasks/", _body(assignee="scheme"))
    assert made.status_code == 201, made.content
    url = f"/api/v1/tasks/{made.json()['id']}"
    worker = world.users[Role.LINK_WORKER]
    passed = post_json(manager, f"{url}/reassign", {"assignee": str(worker.pk)}, key="pass-0001")
    assert (passed.status_code, passed.json()["assignee"]) == (200, str(worker.pk))
    same = post_json(manager, f"{url}/reassign", {"assignee": str(worker.pk)})
    assert (same.status_code, set(same.json()["errors"])) == (400, {"assignee"})
    done = post_json(_client(world), f"{url}/done", {}, key="done-key-0001")
    assert (done.status_code, done.json()["status"]) == (200, "done")
    replay = post_json(_client(world), f"{url}/done", {}, key="done-key-0001")
    assert replay.json() == done.json()
    twice = post_json(_client(world), f"{url}/done", {})
    assert (twice.status_code, twice.json()["code"]) == (400, "task_done")


def test_the_list_filters_and_pages_and_a_client_is_audited(world: SmallWorld) -> None:
    system = token_client(organisation=world.pcn, role=Role.LINK_WORKER, scheme=world.scheme)
    worker = system.api_client.user
    for day in range(5):
        task_create(
            scheme=world.scheme,
            actor=worker,
            title=f"Task {day}",
            due_on=clock.today() + timedelta(days=day),
            assignee=worker if day % 2 == 0 else None,
        )
    first = system.get("/api/v1/tasks/?limit=2")
    assert first.status_code == 200, first.content
    assert [t["title"] for t in first.json()] == ["Task 0", "Task 1"]
    link = first["Link"].split(";")[0].strip("<>")
    rest = system.get(link)
    assert [t["title"] for t in rest.json()] == ["Task 2", "Task 3"]
    scheme_only = system.get("/api/v1/tasks/?assignee=scheme")
    assert [t["title"] for t in scheme_only.json()] == ["Task 1", "Task 3"]
    made = post_json(system, "/api/v1/tasks/", _body(), key="sys-task-0001")
    assert made.status_code == 201, made.content
    assert made.json()["assignee"] == str(system.api_client.user.pk)
    assert AuditEvent.objects.filter(
        actor=system.api_client.user, object_type="task", action="create"
    ).exists()
    bad_cursor = system.get("/api/v1/tasks/?cursor=nonsense")
    assert (bad_cursor.status_code, set(bad_cursor.json()["errors"])) == (400, {"cursor"})
    no_token = Client().get("/api/v1/tasks/")
    assert no_token.status_code == 401
