"""Tests of what only PostgreSQL has (the audit table's monthly partitions) live in
`*_postgresql.py` files, collected only when the tests run on PostgreSQL: on SQLite they are
not collected at all rather than reported as skipped. `make test` runs both databases."""

from __future__ import annotations

from django.conf import settings

_ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

collect_ignore_glob = [] if _ON_POSTGRESQL else ["*_postgresql.py"]
