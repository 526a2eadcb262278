"""What PostgreSQL's planner has been told of a table, for tests of bulk writers."""

from __future__ import annotations

from django.db import connection

__all__ = ["times_sampled"]


def times_sampled(table: str) -> int | None:
    """How many times the table's statistics were taken by hand (`ANALYZE`); None on SQLite."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        # Statistics read in a transaction are a snapshot: take a fresh one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT analyze_count FROM pg_stat_user_tables WHERE relid = %s::regclass", [table]
        )
        row = cursor.fetchone()
        return int(row[0]) if row else None
