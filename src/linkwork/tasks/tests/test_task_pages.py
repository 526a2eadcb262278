"""Tasks by hand and on the pages: bad input named by field and nothing written; only the
scheme's staff see a task (another scheme's is a 404); done and passed on; the notification
count in the header; and the task list's queries fixed whatever its length."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.people.data_rights import person_erase, person_restrict
from linkwork.people.retention import add_years
from linkwork.tasks.models import Notification, Task
from linkwork.tasks.selectors import HeaderCounts
from linkwork.tasks.services import notification_preference_set, task_complete, task_create
from linkwork.testing.query_budget import assert_queries_flat, count_matches
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def a_task(world: SmallWorld, referral: Referral | None = None, **overrides: Any) -> Task:
    fields: dict[str, object] = {
        "scheme": world.scheme,
        "actor": world.users[Role.LINK_WORKER],
        "title": "Call back about the benefits form",
        "due_on": clock.today() + timedelta(days=2),
        "assignee": world.users[Role.LINK_WORKER],
        "referral": referral,
    }
    fields.update(overrides)
    return task_create(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"title": "  "}, "title", "Say what needs doing"),
        ({"title": "x" * 201}, "title", "200 characters"),
        ({"notes": "x" * 5001}, "notes", "5000 characters"),
        ({"due_on": None}, "due_on", "Enter the date the task is due"),
        ({"due_on": "yesterday"}, "due_on", "cannot be in the past"),
        ({"assignee": "gp"}, "assignee", "link workers or managers"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    world: SmallWorld, overrides: dict[str, object], field: str, words: str
) -> None:
    if overrides.get("due_on") == "yesterday":
        overrides = {"due_on": clock.today() - timedelta(days=1)}
    if overrides.get("assignee") == "gp":
        overrides = {"assignee": world.users[Role.REFERRER_GP]}
    with pytest.raises(DomainError) as refused:
        a_task(world, None, **overrides)
    assert words in refused.value.field_errors[field][0]
    assert not Task.objects.exists()


def test_the_form_shows_the_message_beside_the_field_with_a_400(world: SmallWorld) -> None:
    client = signed_in(world.users[Role.LINK_WORKER])
    response = client.post(
        reverse("tasks:new"), {"title": "Ring the café", "due_on": "2001-01-01", "assignee": ""}
    )
    assert response.status_code == 400
    assert "The due date cannot be in the past" in response.content.decode()
    assert not Task.objects.exists()


def test_notes_too_long_are_refused_beside_the_notes_box(world: SmallWorld) -> None:
    client = signed_in(world.users[Role.LINK_WORKER])
    due = (clock.today() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("tasks:new"),
        {"title": "Ring the café", "due_on": due, "assignee": "", "notes": "x" * 200_000},
    )
    assert response.status_code == 400
    assert "Keep the notes to 5000 characters" in response.content.decode()
    assert not Task.objects.exists()


def test_a_link_worker_adds_a_task_on_an_episode_and_marks_it_done(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    client = signed_in(worker)
    due = clock.today() + timedelta(days=1)
    response = client.post(
        reverse("tasks:episode_new", args=[referral.pk]),
        {"title": "Send the housing form", "due_on": due.isoformat(), "assignee": ""},
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Send the housing form")
    assert (task.assignee, task.referral, task.person_id) == (worker, referral, referral.person_id)
    page = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    assert 'id="tasks"' in page
    assert "Send the housing form" in page
    client.post(reverse("tasks:done", args=[task.pk]))
    task.refresh_from_db()
    assert task.status == "done"
    assert task.completed_by == worker
    assert AuditEvent.objects.filter(object_type="task", object_id=str(task.pk)).count() == 2


def test_another_schemes_task_is_a_404_for_reading_and_writing(world: SmallWorld) -> None:
    task = a_task(world)
    outsider = world.extra["scot_link_worker"]
    client = signed_in(outsider)
    assert client.post(reverse("tasks:done", args=[task.pk])).status_code == 404
    assert client.post(reverse("tasks:pass", args=[task.pk]), {"assignee": ""}).status_code == 404
    assert "Call back" not in client.get(reverse("tasks:mine")).content.decode()
    task.refresh_from_db()
    assert task.status == "open"
    assert task.assignee == world.users[Role.LINK_WORKER]


def test_people_outside_casework_have_no_task_pages(world: SmallWorld) -> None:
    a_task(world)
    for role in (Role.REFERRER_GP, Role.VCSE_WORKER, Role.COMMISSIONER):
        client = signed_in(world.users[role])
        assert client.get(reverse("tasks:mine")).status_code == 403
        assert client.get(reverse("tasks:scheme")).status_code == 403
    lw = signed_in(world.users[Role.LINK_WORKER])
    assert lw.get(reverse("tasks:scheme")).status_code == 403


def test_another_link_workers_own_task_is_not_shown_but_the_manager_sees_every_one(
    world: SmallWorld,
) -> None:
    colleague = world.extra["colleague"]
    a_task(world, actor=colleague, assignee=colleague, title="Colleague's own call")
    lw = signed_in(world.users[Role.LINK_WORKER])
    assert "Colleague's own call" not in lw.get(reverse("tasks:mine")).content.decode()
    manager = signed_in(world.users[Role.SCHEME_MANAGER])
    assert "Colleague&#x27;s own call" in manager.get(reverse("tasks:scheme")).content.decode()


def test_a_manager_passes_a_task_on_and_the_new_owner_is_notified_in_the_header(
    world: SmallWorld,
) -> None:
    task = a_task(world, assignee=None, title="Chase the food bank")
    manager, worker = world.users[Role.SCHEME_MANAGER], world.users[Role.LINK_WORKER]
    response = signed_in(manager).post(
        reverse("tasks:pass", args=[task.pk]),
        {"assignee": str(worker.pk), "next": reverse("tasks:scheme")},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == worker
    client = signed_in(worker)
    home = client.get(reverse("tasks:mine")).content.decode()
    assert 'data-testid="notifications-count">1<' in home
    listing = client.get(reverse("tasks:notifications")).content.decode()
    assert "A task passed to you" in listing
    passer = manager.get_full_name() or manager.get_username()
    assert f"A task passed to you by {passer}" in listing
    assert "Chase the food bank" in listing
    client.post(reverse("tasks:notifications_seen"))
    assert "notifications-count" not in client.get(reverse("tasks:mine")).content.decode()
    assert "Nothing new." in client.get(reverse("tasks:notifications")).content.decode()


def header_counts_of(user: User) -> HeaderCounts:
    from django.test import RequestFactory

    from linkwork.tasks.context_processors import notifications

    request = RequestFactory().get("/")
    request.user = user
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    context = notifications(request)
    counts = context["header_tasks"]
    assert isinstance(counts, HeaderCounts)
    assert context["notifications_unseen"] == counts.unseen
    return counts


def test_the_header_counts_are_one_query(world: SmallWorld, django_assert_num_queries: Any) -> None:
    worker, manager = world.users[Role.LINK_WORKER], world.users[Role.SCHEME_MANAGER]
    a_task(world, actor=manager, assignee=worker)
    late = a_task(world, actor=manager, assignee=worker, title="Chase the food bank")
    Task.objects.filter(pk=late.pk).update(due_on=clock.today() - timedelta(days=1))
    a_task(world, actor=worker, assignee=manager, title="Sign off the plan")
    with django_assert_num_queries(1):
        counts = header_counts_of(worker)
    assert counts == HeaderCounts(unseen=2, open_tasks=2, overdue=1)
    task_complete(task=late, actor=worker)
    assert header_counts_of(worker) == HeaderCounts(unseen=2, open_tasks=1, overdue=0)


def test_the_header_shows_open_and_overdue_tasks(world: SmallWorld) -> None:
    worker, manager = world.users[Role.LINK_WORKER], world.users[Role.SCHEME_MANAGER]
    client = signed_in(worker)
    assert 'data-testid="tasks-count"' not in client.get(reverse("tasks:mine")).content.decode()
    late = a_task(world, actor=manager, assignee=worker)
    Task.objects.filter(pk=late.pk).update(due_on=clock.today() - timedelta(days=3))
    a_task(world, actor=manager, assignee=worker, title="Send the form")
    page = client.get(reverse("tasks:notifications")).content.decode()
    assert 'data-testid="tasks-count"' in page
    assert '2<span class="nhsuk-u-visually-hidden"> open</span>' in page
    assert 'data-testid="tasks-overdue">1 overdue<' in page


def test_the_header_does_not_count_a_restricted_persons_task(world: SmallWorld) -> None:
    worker, manager = world.users[Role.LINK_WORKER], world.users[Role.SCHEME_MANAGER]
    referral = refer_and_start(world)
    before = header_counts_of(worker)
    a_task(world, referral, actor=manager, assignee=worker)
    assert header_counts_of(worker) == HeaderCounts(
        unseen=before.unseen + 1, open_tasks=before.open_tasks + 1, overdue=0
    )
    person_restrict(person=referral.person, actor=manager, reason="Asked for limits")
    # Every task and notification here is about the now restricted person.
    assert header_counts_of(worker) == HeaderCounts(unseen=0, open_tasks=0, overdue=0)


def test_email_only_for_those_who_chose_it_and_never_naming_the_person(
    world: SmallWorld, django_capture_on_commit_callbacks: Any
) -> None:
    referral = refer_and_start(world)
    worker, manager = world.users[Role.LINK_WORKER], world.users[Role.SCHEME_MANAGER]
    with django_capture_on_commit_callbacks(execute=True):
        a_task(world, referral, actor=manager, assignee=worker)
    assert mail.outbox == []
    with pytest.raises(DomainError) as refused:
        notification_preference_set(user=worker, email=True)
    assert "no email address" in refused.value.field_errors["email"][0]
    worker.email = "lw@example.org"
    worker.save()
    notification_preference_set(user=worker, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        a_task(world, referral, actor=manager, assignee=worker, title="Call Ada back")
    (sent,) = mail.outbox
    assert sent.to == ["lw@example.org"]
    assert "A task for you" in sent.body
    assert "Ada" not in sent.body
    assert "Lovelace" not in sent.body
    assert Notification.objects.filter(recipient=worker).count() == 2


def test_the_task_list_runs_the_same_queries_for_more_tasks(world: SmallWorld) -> None:
    worker = world.users[Role.LINK_WORKER]
    client = signed_in(worker)

    def add(names: str) -> None:
        for letter in names:
            referral = refer_and_start(world, person={"family_name": f"Budget{letter}"})
            a_task(world, referral, title=f"Task {letter}")

    add("AB")
    assert_queries_flat(
        lambda: client.get(reverse("tasks:mine")),
        add_rows=lambda: add("CDEF"),
        count_rows=count_matches(r"Budget[A-Z]\b"),
    )


def test_the_schemes_tasks_and_notifications_run_the_same_queries_for_more_rows(
    world: SmallWorld,
) -> None:
    manager, worker = world.users[Role.SCHEME_MANAGER], world.users[Role.LINK_WORKER]

    def add(names: str) -> None:
        for letter in names:
            referral = refer_and_start(world, person={"family_name": f"Budget{letter}"})
            a_task(world, referral, actor=manager, assignee=worker, title=f"Task {letter}")

    add("AB")
    assert_queries_flat(
        lambda: signed_in(manager).get(reverse("tasks:scheme")),
        add_rows=lambda: add("CD"),
        count_rows=count_matches(r"Budget[A-Z]\b"),
    )
    assert_queries_flat(
        lambda: signed_in(worker).get(reverse("tasks:notifications")),
        add_rows=lambda: add("EF"),
        count_rows=count_matches(r"Budget[A-Z]\b"),
    )


def test_erasure_clears_what_a_task_says_about_the_person(world: SmallWorld, settings: Any) -> None:
    referral = refer_and_start(world)
    task = a_task(
        world, referral, title="Call Ada Lovelace on 07700 900123", notes="Lives with her son."
    )
    worker = world.users[Role.LINK_WORKER]
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=clock.today(),
        mode="telephone",
        duration_minutes=20,
    )
    referral_discharge(referral=referral, actor=worker, reason="goals_met")
    referral.refresh_from_db()
    assert referral.closed_on is not None
    years = referral.scheme.retention_years
    settings.LINKWORK_TODAY = add_years(referral.closed_on, years) + timedelta(days=1)
    person_erase(person=referral.person, actor=world.users[Role.SCHEME_MANAGER])
    task.refresh_from_db()
    assert task.title == "[erased]"
    assert task.notes == ""
    assert task.kind == "by_hand"
    assert task.due_on is not None
