"""What a load balancer or an operator asks before sending people to this process: can it
reach its database, and is a background worker taking the queued jobs? Each check answers in
a word and says nothing about the data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

HealthCheck = Callable[[], str]


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


# A worker looks at the queue every second; a job waiting this long has no worker to take it.
STALLED_AFTER = timedelta(minutes=5)


def job_queue() -> str:
    try:
        waiting = DBTaskResult.objects.ready().filter(
            enqueued_at__lt=timezone.now() - STALLED_AFTER
        )
        return "stalled" if waiting.exists() else "ok"
    except DatabaseError:
        return "unreachable"


CHECKS: dict[str, HealthCheck] = {"database": database, "job_queue": job_queue}


def report() -> dict[str, str]:
    return {name: check() for name, check in CHECKS.items()}
