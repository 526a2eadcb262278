"""Chunks are written in order, whole, and (on PostgreSQL, outside a transaction) by a writer
thread while the next is built: the same records as writing them one after the other, and a
write that fails stops the run with its error, leaving the chunks before it whole."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Encounter, Referral
from linkwork.imports.harmonise.profile import load_profile
from linkwork.imports.models import ImportedRecord, ImportRun
from linkwork.imports.scheme_write import SchemeWriter
from linkwork.imports.services import import_run_create, import_run_execute
from linkwork.outcomes.models import Administration
from linkwork.people.models import Person
from linkwork.testing.planner import times_sampled
from linkwork.testing.world import SmallWorld

from .conftest import GOOD_ROW, swemwbs_world
from .test_scheme_import_killed import nhs_numbers

PEOPLE = 12
# A person here is 4 records (person, referral, session, questionnaire): one a chunk.
CHUNK = 4


def _world_and_file(case_file: Callable[..., Path]) -> tuple[SmallWorld, Path]:
    world = swemwbs_world()
    rows = [
        {**GOOD_ROW, "Client ID": f"C{i}", "Referral ID": f"R{i}", "NHS No": number}
        for i, number in enumerate(nhs_numbers(PEOPLE))
    ]
    return world, case_file(*rows)


def _import(world: SmallWorld, path: Path) -> ImportRun:
    profile = load_profile("case-management")
    run = import_run_create(
        scheme=world.scheme,
        actor=world.users[Role.SCHEME_MANAGER],
        profile=profile,
        paths=[path],
        skip_invalid=False,
    )
    return import_run_execute(run=run, profile=profile, paths=[path], chunk_records=CHUNK)


def _threads_storing(monkeypatch: pytest.MonkeyPatch, fail_on: int = 0) -> list[int]:
    """Record the thread of each chunk's write; with `fail_on`, that write fails."""
    threads: list[int] = []
    store = SchemeWriter.store

    def watched(self: SchemeWriter, chunk: Any) -> dict[str, dict[str, int]]:
        threads.append(threading.get_ident())
        if len(threads) == fail_on:
            raise RuntimeError("the disk is full")
        return store(self, chunk)

    monkeypatch.setattr(SchemeWriter, "store", watched)
    return threads


@pytest.mark.django_db(transaction=True)
def test_chunks_are_written_whole_and_in_order_beside_the_next_being_built(
    case_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    world, path = _world_and_file(case_file)
    threads = _threads_storing(monkeypatch)
    # An import this large (here: any) has its tables sampled for the planner at the end.
    monkeypatch.setattr("linkwork.imports.services.REFRESH_STATISTICS_AFTER", 1)
    sampled = times_sampled("people_person")

    run = _import(world, path)

    assert run.status == ImportRun.Status.DONE
    assert run.chunks_done == run.chunks_total == PEOPLE
    assert run.progress == 100
    assert run.created == 4 * PEOPLE
    for model in (Person, Referral, Encounter, Administration):
        assert model.objects.filter(scheme=world.scheme).count() == PEOPLE
    chunks = ImportedRecord.objects.filter(kind="person").values_list("chunk", flat=True)
    assert sorted(chunks) == list(range(1, PEOPLE + 1))
    main = threading.get_ident()
    if connection.vendor == "postgresql":
        assert sampled is not None
        assert times_sampled("people_person") == sampled + 1
        # One writer thread, not this one, wrote every chunk.
        assert len(set(threads)) == 1
        assert threads[0] != main
    else:
        assert set(threads) == {main}


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_stops_the_run_and_keeps_the_chunks_before_it_whole(
    case_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    world, path = _world_and_file(case_file)
    threads = _threads_storing(monkeypatch, fail_on=3)

    with pytest.raises(RuntimeError, match="the disk is full"):
        _import(world, path)

    # Nothing was written after the failed chunk, though the next may have been built.
    assert len(threads) == 3
    run = ImportRun.objects.get()
    assert run.chunks_done == 2
    assert Person.objects.filter(scheme=world.scheme).count() == 2
    assert Referral.objects.filter(scheme=world.scheme).count() == 2
    assert Administration.objects.filter(scheme=world.scheme).count() == 2
