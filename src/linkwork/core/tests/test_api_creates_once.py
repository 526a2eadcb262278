"""Every JSON API operation that creates a record (answers 201) honours an Idempotency-Key,
so a system retrying after a lost answer gets the first answer instead of a second record;
and between them the creates cover what the pages let a link worker record."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from ninja.operation import Operation

from linkwork.api import api


def _operations() -> Iterator[tuple[str, Operation]]:
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                yield f"{prefix.rstrip('/')}/{path.lstrip('/')}", operation


def _creates() -> dict[str, Operation]:
    return {
        path: operation
        for path, operation in _operations()
        if "POST" in operation.methods and 201 in operation.response_models
    }


def test_every_create_runs_once_per_idempotency_key() -> None:
    creates = _creates()
    assert creates
    # The shared guard: answer_once or run_once, keyed by the request's Idempotency-Key
    # (directly, or through the casework endpoints' own `_once`).
    unguarded = sorted(
        path
        for path, operation in creates.items()
        if "_once(" not in inspect.getsource(operation.view_func)
    )
    assert unguarded == []


# Operations that change an existing record (answer 200), each once per Idempotency-Key.
UPDATES = {
    "connection_status",
    "discharge",
    "triage_accept",  # accept a referral, assigning its link worker
    "triage_decline",  # decline with a reason
    "link_worker_assign",  # assign or reassign the link worker
    "appointment_move_api",  # move an appointment, saying why
    "appointment_cancel_api",  # cancel one, saying why
    "concern_close_api",  # close a safeguarding concern
    "consent_withdraw_api",  # withdraw a consent
    "task_done_api",  # mark a task done
    "task_reassign_api",  # pass a task on
    "group_session_cancel_api",  # cancel a group session
    "case_study_approve_api",  # approve a case study for sharing
    "case_study_withdraw_api",  # the person withdrew consent to share it
}


def test_the_creates_cover_a_link_workers_casework() -> None:
    creates = {(path, operation.view_func.__name__) for path, operation in _creates().items()}
    wanted = {
        "referral_create",  # referral intake
        "session_create",  # record a session
        "administration_create",  # record a questionnaire
        "connection_add",  # connect to a service
        "goal_create",  # the personalised care and support plan
        "financial_gain_create",  # financial gains
        "activity_create",  # the activity log
        "appointment_create",  # book an appointment in the diary
        "appointment_attended_api",  # an appointment became a session
        "appointment_did_not_attend_api",  # or a missed one
        "contact_note_create",  # a contact note
        "concern_create",  # a safeguarding concern
        "concern_update_create",  # and its updates
        "consent_create",  # a consent on the person's record
        "task_create_api",  # a task, about an episode or not
        "group_create",  # a group activity
        "group_session_create",  # a group session with its attendees
        "case_study_create",  # a case study of the episode
        "support_session_create",  # supervision or peer support of a link worker
        "training_create",  # a link worker's training
        "wellbeing_create",  # a link worker's wellbeing check
        "fund_create",  # a practice's fund for link working
        "protected_time_create",  # a practice's protected staff time
        "scheme_cost_create",  # a scheme's cost in a period
        "gp_appointments_create",  # an episode's GP appointment counts
    }
    assert wanted <= {name for _, name in creates}
    # Updating a connection's status, triage and discharging change an existing record (200),
    # also once per key.
    updates = {
        operation.view_func.__name__: operation.view_func
        for _, operation in _operations()
        if "POST" in operation.methods
        and 201 not in operation.response_models
        and operation.view_func.__name__ in UPDATES
    }
    assert set(updates) == UPDATES
    assert all("_once(" in inspect.getsource(view) for view in updates.values())
