"""The one deliberate way past the database's refusal to change or remove audit events: used
only to empty a whole database (`flush`, and so `linkwork demo --reset` and the test runner's
clean-up). The switch belongs to one database connection and is off unless turned on here, so
every other connection - the application's, a console, raw SQL - is refused.

PostgreSQL: the triggers read the session setting `linkwork.audit_maintenance`.
SQLite: the triggers call the function `linkwork_audit_maintenance()`, which each connection
Django opens defines (see apps.py); a connection without it (the sqlite3 shell) is refused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

SETTING = "linkwork.audit_maintenance"
SQLITE_FUNCTION = "linkwork_audit_maintenance"
_FLAG = "_linkwork_audit_maintenance"


def define_sqlite_switch(*, sender: Any = None, connection: BaseDatabaseWrapper, **_: Any) -> None:
    """connection_created receiver: give each new SQLite connection the switch, off."""
    if connection.vendor != "sqlite":
        return
    setattr(connection, _FLAG, False)
    connection.connection.create_function(
        SQLITE_FUNCTION, 0, lambda: int(getattr(connection, _FLAG, False))
    )


@contextmanager
def audit_maintenance(*, using: str = "default") -> Iterator[None]:
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [SETTING])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, '', false)", [SETTING])
        return
    setattr(connection, _FLAG, True)
    try:
        yield
    finally:
        setattr(connection, _FLAG, False)
