"""A list read is one audit event naming each person shown, written with the request's other
reads in one insert batch; each person's record still shows who listed them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent, AuditSubject
from linkwork.audit.selectors import audit_access_runs_for_person, audit_for_person
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def referred(world: SmallWorld, count: int) -> list:
    return [refer(world, person={"family_name": f"Person{n}"}) for n in range(count)]


def inserts_into(table: str, queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].startswith(f'INSERT INTO "{table}"'))


def test_the_api_list_is_one_event_naming_everyone_it_returned(world: SmallWorld) -> None:
    referrals = referred(world, 5)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:referral_list"))
    assert response.status_code == 200
    assert len(response.json()) == 5
    event = AuditEvent.objects.get(id__gt=0, object_type="api_referrals")
    assert AuditEvent.objects.count() == before + 1
    assert {s.person_id for s in event.subjects.all()} == {r.person_id for r in referrals}
    assert {s.scheme_id for s in event.subjects.all()} == {world.scheme.pk}
    assert inserts_into("audit_auditevent", queries) == 1
    assert inserts_into("audit_auditsubject", queries) == 1


def test_a_page_of_several_reads_writes_them_in_one_batch(world: SmallWorld) -> None:
    refer_and_start(world)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    url = reverse("people:person_search")  # the search, and the people it found
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, {"q": "Ada"}).status_code == 200
    assert AuditEvent.objects.count() - before >= 2
    assert inserts_into("audit_auditevent", queries) == 1


def test_a_persons_record_shows_the_lists_that_showed_them(world: SmallWorld) -> None:
    shown, other = referred(world, 2)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    for _ in range(3):
        client.get(reverse("api:referral_list"))
    listed = [e for e in audit_for_person(person_id=shown.person_id) if e.action == "list"]
    assert len(listed) == 3
    runs = [
        r
        for r in audit_access_runs_for_person(person_id=shown.person_id)
        if r.object_type == "api_referrals"
    ]
    assert [(r.actor, r.action, r.count) for r in runs] == [
        (world.users[Role.LINK_WORKER], "list", 3)
    ]
    assert AuditSubject.objects.filter(person_id=other.person_id).count() == 3


def test_a_write_is_audited_at_once_inside_its_transaction(world: SmallWorld) -> None:
    """Writes are never held back: the row exists before the request ends."""
    referral = refer(world)
    assert AuditEvent.objects.filter(
        action="create", object_type="person", person_id=referral.person_id
    ).exists()
