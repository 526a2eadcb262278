"""The backup and restore scripts, run as an operator would against the PostgreSQL server on
127.0.0.1:5432: a small database with known rows is backed up, restored into a fresh database,
and must come back with the same row counts and the same audit trail, byte for byte."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

SERVER = "postgres://postgres@127.0.0.1:5432"
SCRIPTS = Path(__file__).resolve().parents[4] / "scripts"
TABLES = ("audit_auditevent", "people_person")
AUDIT_CHECKSUM = "SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) FROM audit_auditevent AS e"


def url(database: str) -> str:
    return f"{SERVER}/{database}"


def execute(database: str, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with psycopg.connect(url(database), autocommit=True) as conn:
        cursor = conn.execute(sql.encode(), params)
        return cursor.fetchall() if cursor.description else []


def snapshot(database: str) -> dict[str, object]:
    counts = {t: execute(database, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}  # noqa: S608
    return {**counts, "audit_md5": execute(database, AUDIT_CHECKSUM)[0][0]}


def run(script: str, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own scripts, arguments as a list
        [sys.executable, str(SCRIPTS / script), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture
def databases() -> Iterator[list[str]]:
    """Names made here, dropped afterwards whatever happened."""
    names: list[str] = []
    yield names
    for name in names:
        execute("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source(databases: list[str]) -> str:
    name = f"linkwork_backup_src_{uuid.uuid4().hex[:10]}"
    databases.append(name)
    execute("postgres", f'CREATE DATABASE "{name}"')
    execute(
        name,
        "CREATE TABLE people_person (id uuid PRIMARY KEY, family_name text NOT NULL);"
        "CREATE TABLE audit_auditevent (id bigserial PRIMARY KEY, at timestamptz NOT NULL,"
        " action varchar(24) NOT NULL, person_id uuid REFERENCES people_person(id),"
        " detail jsonb NOT NULL DEFAULT '{}');",
    )
    people = [uuid.UUID(int=n) for n in range(1, 8)]
    for n, person in enumerate(people):
        execute(name, "INSERT INTO people_person VALUES (%s, %s)", (person, f"Family {n}"))
    for n in range(40):
        execute(
            name,
            "INSERT INTO audit_auditevent (at, action, person_id, detail) VALUES "
            "(timestamptz '2026-01-01 09:00+00' + make_interval(mins => %s), %s, %s, %s)",
            (n, "view" if n % 3 else "update", people[n % 7], f'{{"n": {n}, "why": "é"}}'),
        )
    return name


def fresh_name(databases: list[str]) -> str:
    name = f"linkwork_backup_dst_{uuid.uuid4().hex[:10]}"
    databases.append(name)
    return name


def backup(source: str, directory: Path) -> Path:
    made = run("backup-postgres", "--database-url", url(source), "--dir", directory)
    assert made.returncode == 0, made.stderr
    return Path(made.stdout.strip())


def test_a_backup_restores_into_a_fresh_database_with_every_row(
    source: str, databases: list[str], tmp_path: Path
) -> None:
    expected = snapshot(source)
    assert expected["audit_auditevent"] == 40
    assert expected["people_person"] == 7

    dump = backup(source, tmp_path)
    assert re.fullmatch(rf"linkwork-{source}-\d{{8}}T\d{{6}}Z\.dump", dump.name)
    assert (dump.stat().st_mode & 0o077) == 0  # readable by its owner only
    checksum = dump.with_name(dump.name + ".sha256").read_text().split()
    assert checksum[1] == dump.name

    target = fresh_name(databases)
    restored = run("restore-postgres", dump, "--database", target, "--server-url", SERVER)
    assert restored.returncode == 0, restored.stderr
    assert snapshot(target) == expected


def test_restore_refuses_a_database_that_already_holds_tables(
    source: str, databases: list[str], tmp_path: Path
) -> None:
    dump = backup(source, tmp_path)
    target = fresh_name(databases)
    execute("postgres", f'CREATE DATABASE "{target}"')
    execute(target, "CREATE TABLE precious (id int); INSERT INTO precious VALUES (1);")

    refused = run("restore-postgres", dump, "--database", target, "--server-url", SERVER)
    assert refused.returncode != 0
    assert "pass --replace" in refused.stderr
    assert execute(target, "SELECT count(*) FROM precious") == [(1,)]

    replaced = run(
        "restore-postgres", dump, "--database", target, "--server-url", SERVER, "--replace"
    )
    assert replaced.returncode == 0, replaced.stderr
    assert snapshot(target) == snapshot(source)
    assert execute(target, "SELECT to_regclass('precious')") == [(None,)]


def test_restore_refuses_a_backup_that_does_not_match_its_checksum(
    source: str, databases: list[str], tmp_path: Path
) -> None:
    dump = backup(source, tmp_path)
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    target = fresh_name(databases)
    refused = run("restore-postgres", dump, "--database", target, "--server-url", SERVER)
    assert refused.returncode != 0
    assert "does not match its checksum" in refused.stderr
    assert execute("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (target,)) == []
