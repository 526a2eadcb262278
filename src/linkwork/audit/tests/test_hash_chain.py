"""Each event's hash links it to the one before; `linkwork audit verify` finds the first event
whose content, or whose predecessor, was changed or removed (through the maintenance switch, the
only way past the database's refusal)."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from linkwork.audit.chain import GENESIS, ChainContent, first_broken_link, link
from linkwork.audit.maintenance import audit_maintenance
from linkwork.audit.models import AuditChainHead, AuditEvent, AuditSubject
from linkwork.audit.services import audit_record, audit_record_list
from linkwork.testing.world import SmallWorld, refer


def content(n: int) -> ChainContent:
    return ChainContent(
        at=datetime(2026, 10, 1, 9, n, tzinfo=UTC),
        actor_id=None,
        action="view",
        object_type="person",
        object_id=str(n),
        person_id=None,
        scheme_id=None,
        detail={"n": n},
    )


def chain(count: int) -> list[tuple[int, str, ChainContent]]:
    rows, previous = [], GENESIS
    for n in range(1, count + 1):
        previous = link(previous, content(n))
        rows.append((n, previous, content(n)))
    return rows


def test_an_untouched_chain_is_intact() -> None:
    assert first_broken_link(chain(4), head_hash=chain(4)[-1][1]) == (4, None)


def test_a_changed_event_breaks_the_chain_at_that_event() -> None:
    rows = chain(4)
    rows[1] = (2, rows[1][1], content(9))
    checked, broken = first_broken_link(rows)
    assert (checked, broken.event_id if broken else None) == (2, 2)


def test_a_removed_event_breaks_the_chain_at_the_next_one() -> None:
    rows = chain(4)
    del rows[1]
    _, broken = first_broken_link(rows)
    assert broken is not None
    assert broken.event_id == 3


def test_events_removed_from_the_end_are_caught_by_the_head() -> None:
    rows = chain(4)
    _, broken = first_broken_link(rows[:3], head_hash=rows[3][1])
    assert broken is not None
    assert broken.event_id == 3
    assert "removed from the end" in broken.reason


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def some_events(world: SmallWorld) -> list[AuditEvent]:
    referral = refer(world)  # writes create events
    audit_record(actor=None, action="view", object_type="person", person_id=referral.person_id)
    audit_record_list(
        actor=None, object_type="caseload", rows=[(referral.person_id, referral.scheme_id)]
    )
    audit_record(actor=None, action="update", object_type="person", detail={"n": 1.5})
    return list(AuditEvent.objects.order_by("id"))


@pytest.mark.django_db
def test_verify_reports_an_intact_trail(world: SmallWorld) -> None:
    events = some_events(world)
    assert verify() == f"Audit trail intact: {len(events)} events\n"


@pytest.mark.django_db
def test_verify_names_the_event_whose_content_was_changed(world: SmallWorld) -> None:
    events = some_events(world)
    target = events[-2]
    with audit_maintenance():
        AuditEvent.objects.filter(pk=target.pk).update(detail={"shown": 0})
    with pytest.raises(CommandError, match=rf"broken at event {target.pk} \(") as caught:
        verify()
    assert target.at.isoformat() in str(caught.value)


@pytest.mark.django_db
def test_verify_notices_a_person_removed_from_a_list(world: SmallWorld) -> None:
    events = some_events(world)
    listed = AuditSubject.objects.get().event_id
    with audit_maintenance():
        AuditSubject.objects.all().delete()
    with pytest.raises(CommandError, match=rf"broken at event {listed} \("):
        verify()
    assert listed in [e.pk for e in events]


@pytest.mark.django_db
def test_verify_names_the_event_after_one_removed(world: SmallWorld) -> None:
    events = some_events(world)
    with audit_maintenance():
        AuditEvent.objects.filter(pk=events[1].pk).delete()
    with pytest.raises(CommandError, match=rf"broken at event {events[2].pk} \("):
        verify()


@pytest.mark.django_db
def test_verify_notices_the_newest_event_removed(world: SmallWorld) -> None:
    events = some_events(world)
    with audit_maintenance():
        AuditEvent.objects.filter(pk=events[-1].pk).delete()
    with pytest.raises(CommandError, match=rf"broken at event {events[-2].pk} \("):
        verify()


@pytest.mark.django_db
def test_a_rewritten_hash_is_caught_by_the_next_event(world: SmallWorld) -> None:
    events = some_events(world)
    target = events[1]
    with audit_maintenance():
        # The attacker recomputes the changed event's own hash; the next link still breaks.
        previous = events[0].hash
        forged = ChainContent(
            at=target.at,
            actor_id=target.actor_id,
            action=target.action,
            object_type=target.object_type,
            object_id="someone-else",
            person_id=target.person_id,
            scheme_id=target.scheme_id,
            detail=target.detail,
        )
        AuditEvent.objects.filter(pk=target.pk).update(
            object_id="someone-else", hash=link(previous, forged)
        )
    with pytest.raises(CommandError, match=rf"broken at event {events[2].pk} \("):
        verify()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_append_one_chain() -> None:
    writers, each = 4, 10
    ready = threading.Barrier(writers)
    failures: list[BaseException] = []
    # SQLite lets one writer in at a time, and its shared in-memory test database raises rather
    # than waits, so there the threads take turns; PostgreSQL runs them truly side by side.
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def write(n: int) -> None:
        try:
            ready.wait()
            for i in range(each):
                with turns:
                    audit_record(
                        actor=None, action="update", object_type="person", detail={"w": n, "i": i}
                    )
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert verify() == f"Audit trail intact: {writers * each} events\n"
    head = AuditChainHead.objects.get()
    assert head.last_event_id == AuditEvent.objects.order_by("-id").values_list("id", flat=True)[0]
