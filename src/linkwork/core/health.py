"""What a load balancer or an operator asks before sending people to this process: can it
reach its database? Each check answers in words and never says more than ok or not."""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError, connection

HealthCheck = Callable[[], str]


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


CHECKS: dict[str, HealthCheck] = {"database": database}


def report() -> dict[str, str]:
    return {name: check() for name, check in CHECKS.items()}
