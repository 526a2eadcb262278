"""Erasure removes what identifies a person from every table of the person graph and keeps
the pseudonymised facts; it is refused while a legal hold or the retention period applies.
The retention review lists records past their period and deletes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Encounter, Referral
from linkwork.outcomes.models import Administration
from linkwork.people.data_rights import person_erase, person_legal_hold
from linkwork.people.person_graph import person_tables
from linkwork.people.retention import add_years
from linkwork.people.tests.rich_record import RichRecord, rich_record
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def everything_about(record: RichRecord) -> str:
    """Every row of every table of the person graph, serialised: what an attacker with the
    database would read."""
    rows: list[Model] = []
    for table in person_tables():
        rows.extend(table.model._default_manager.filter(**{table.path: record.person.pk}))
    return serializers.serialize("json", rows)


def after_retention(settings, record: RichRecord, days: int = 1) -> None:
    ended = record.referral.closed_on
    assert ended is not None
    settings.LINKWORK_TODAY = add_years(ended, record.person.scheme.retention_years) + timedelta(
        days=days
    )


def test_erasure_removes_every_identifying_string_and_keeps_the_statistics(
    world: SmallWorld, settings
) -> None:
    record = rich_record(world)
    before = everything_about(record)
    for secret in record.secrets:
        assert secret in before or secret.replace(" ", "") in before, secret
    scores = list(Administration.objects.values_list("scores", flat=True))
    after_retention(settings, record)
    person_erase(person=record.person, actor=world.users[Role.SCHEME_MANAGER])
    after = everything_about(record)
    for secret in record.secrets:
        assert secret not in after, secret
    record.person.refresh_from_db()
    assert record.person.erased_at is not None
    assert record.person.date_of_birth.year == 1960
    referral = Referral.objects.get(pk=record.referral.pk)
    assert (referral.received_on, referral.closed_on, referral.status) == (
        record.referral.received_on,
        record.referral.closed_on,
        record.referral.status,
    )
    assert list(referral.reasons) == list(record.referral.reasons)
    assert Encounter.objects.get().duration_minutes == 45
    assert list(Administration.objects.values_list("scores", flat=True)) == scores
    stub = AuditEvent.objects.get(action=AuditEvent.Action.ERASED)
    assert stub.person_id == record.person.pk
    assert "Philippa" not in json.dumps(stub.detail)


def test_erasure_is_refused_within_the_retention_period_saying_until_when(
    world: SmallWorld, settings
) -> None:
    record = rich_record(world)
    after_retention(settings, record, days=0)
    with pytest.raises(DomainError) as caught:
        person_erase(person=record.person, actor=world.users[Role.SCHEME_MANAGER])
    assert record.referral.closed_on is not None
    until = add_years(record.referral.closed_on, 8)
    assert f"kept until {until:%-d %B %Y}" in caught.value.message
    assert "8 years after the last episode ended" in caught.value.message
    assert "Philippa" in everything_about(record)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ERASED).exists()


def test_erasure_is_refused_while_an_episode_is_open(world: SmallWorld, settings) -> None:
    record = rich_record(world, discharge=False)
    settings.LINKWORK_TODAY = timezone.localdate() + timedelta(days=365 * 20)
    with pytest.raises(DomainError, match="episode of support is still open"):
        person_erase(person=record.person, actor=world.users[Role.SCHEME_MANAGER])


def test_erasure_is_refused_under_a_legal_hold(world: SmallWorld, settings) -> None:
    record = rich_record(world)
    manager = world.users[Role.SCHEME_MANAGER]
    person_legal_hold(person=record.person, actor=manager, hold=True, reason="Coroner's inquest")
    after_retention(settings, record)
    client = Client()
    client.force_login(manager)
    url = reverse("people:person_erase", args=[record.person.pk])
    page = client.post(url)
    assert page.status_code == 400
    assert "Coroner&#x27;s inquest" in page.content.decode()
    assert "Philippa" in everything_about(record)
    person_legal_hold(person=record.person, actor=manager, hold=False)
    assert client.post(url).status_code == 302
    assert "Philippa" not in everything_about(record)


def test_a_link_worker_cannot_erase(world: SmallWorld, settings) -> None:
    record = rich_record(world)
    after_retention(settings, record)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    assert client.post(reverse("people:person_erase", args=[record.person.pk])).status_code == 403
    assert "Philippa" in everything_about(record)


def test_retention_review_lists_records_past_their_period_and_deletes_nothing(
    world: SmallWorld, settings
) -> None:
    record = rich_record(world)
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    url = reverse("people:retention_review")
    after_retention(settings, record, days=0)
    assert "Philippa" not in client.get(url).content.decode()
    after_retention(settings, record, days=1)
    page = client.get(url).content.decode()
    assert "Philippa" in page
    out = StringIO()
    call_command("people", "retention", stdout=out)
    assert str(record.person.pk) in out.getvalue()
    assert "1 records past their retention period; none deleted." in out.getvalue()
    assert "Philippa" in everything_about(record)
    record.person.scheme.retention_years = 10
    record.person.scheme.save()
    assert "Philippa" not in client.get(url).content.decode()


def test_only_managers_open_the_retention_review(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    assert client.get(reverse("people:retention_review")).status_code == 404
