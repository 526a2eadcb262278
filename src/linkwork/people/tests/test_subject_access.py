"""Subject access: every table that holds a person's data is in the report, found by walking
the model graph; who may produce it; and the report in words, as JSON, PDF and on the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.people.models import Person
from linkwork.people.person_graph import (
    NOT_PERSONAL,
    person_tables,
    unclassified_models,
    wrongly_excluded_models,
)
from linkwork.people.services import consent_record
from linkwork.people.subject_access import subject_access_report
from linkwork.people.tests.rich_record import rich_record
from linkwork.testing.visible import raw_codes_in, visible_text
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def test_every_installed_model_is_walked_or_excluded_with_a_reason() -> None:
    assert unclassified_models() == []
    assert wrongly_excluded_models() == []
    assert all(reason.strip() for reason in NOT_PERSONAL.values())


def test_the_walk_reaches_episodes_notes_questionnaires_and_corrections() -> None:
    paths = {table.label: table.path for table in person_tables()}
    assert paths["people.Person"] == "pk"
    assert paths["people.PersonCorrection"] == "person"
    assert paths["episodes.Encounter"] == "person"
    assert paths["episodes.Goal"] == "referral__person"
    assert paths["episodes.EpisodeSummary"] == "referral__person"
    assert paths["outcomes.Administration"] == "person"


@pytest.fixture
def temporary_models() -> Iterator[list[type[models.Model]]]:
    """Models declared during a test, removed from the registry afterwards."""
    made: list[type[models.Model]] = []
    yield made
    for model in made:
        del apps.all_models["people"][str(model._meta.model_name)]
    apps.clear_cache()


def _declare(name: str, made: list[type[models.Model]], **fields: models.Field) -> type:
    meta = type("Meta", (), {"app_label": "people"})
    model = type(name, (models.Model,), {"__module__": __name__, "Meta": meta, **fields})
    made.append(model)
    return model


def test_a_new_table_hanging_off_a_person_is_found_without_being_listed(
    temporary_models: list[type[models.Model]],
) -> None:
    _declare(
        "HousingNote",
        temporary_models,
        person=models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+"),
    )
    labels = {table.label: table.path for table in person_tables()}
    assert labels["people.HousingNote"] == "person"
    assert unclassified_models() == []


def test_a_new_table_holding_person_data_without_a_link_is_flagged(
    temporary_models: list[type[models.Model]],
) -> None:
    # A person's id kept as a plain column: neither walked nor excluded, so the check fails.
    _declare("ShadowCopy", temporary_models, person_ref=models.UUIDField())
    assert unclassified_models() == ["people.ShadowCopy"]


def test_report_holds_every_row_of_every_person_table(world: SmallWorld) -> None:
    record = rich_record(world)
    report = subject_access_report(person=record.person, actor=world.users[Role.SCHEME_MANAGER])
    by_key = {section.key: section for section in report.sections}
    for table in person_tables():
        expected = table.model._default_manager.filter(**{table.path: record.person.pk}).count()
        assert len(by_key[table.model._meta.label_lower].records) == expected, table.label
    for label in (
        "episodes.referral",
        "episodes.encounter",
        "episodes.goal",
        "people.consent",
        "outcomes.administration",
        "people.personcorrection",
        "episodes.episodesummary",
        "episodes.connection",
        "episodes.referralevent",
    ):
        assert by_key[label].records, label
    text = json.dumps(report.as_json())
    for secret in ("Philippa", "Quixotte", "Quixotic", "late husband", "Bramblewood"):
        assert secret in text
    assert by_key["audit.auditevent"].records


def test_report_reads_in_words_not_codes(world: SmallWorld) -> None:
    record = rich_record(world)
    report = subject_access_report(person=record.person, actor=None)
    person_items = {item.name: item for item in report.sections[0].records[0].items}
    assert person_items["sex"].value == "Female"
    assert person_items["sex"].raw == "female"
    assert person_items["preferred_contact"].value != "phone"
    assert person_items["preferred_contact"].label == "Preferred contact"
    assert person_items["date_of_birth"].value == "10 December 1960"


def test_manager_gets_page_pdf_and_json_and_it_is_audited(world: SmallWorld) -> None:
    record = rich_record(world)
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    url = reverse("people:subject_access", args=[record.person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "late husband" in page.content.decode()
    assert "Who viewed or changed the record" in page.content.decode()
    data = client.get(url, {"format": "json"})
    assert data["Content-Type"] == "application/json"
    assert json.loads(data.content)["person_id"] == str(record.person.pk)
    pdf = client.get(url, {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    produced = AuditEvent.objects.filter(
        action=AuditEvent.Action.SUBJECT_ACCESS, person_id=record.person.pk
    )
    assert produced.count() == 3
    assert {e.actor for e in produced} == {world.users[Role.SCHEME_MANAGER]}


@pytest.mark.parametrize(
    ("who", "status"), [("link_worker", 403), ("other_scheme", 404), ("gp", 404)]
)
def test_only_the_schemes_managers_produce_a_report(
    world: SmallWorld, who: str, status: int
) -> None:
    record = rich_record(world, discharge=False)
    user = {
        "link_worker": world.users[Role.LINK_WORKER],
        "other_scheme": world.extra["scot_link_worker"],
        "gp": world.users[Role.REFERRER_GP],
    }[who]
    client = Client()
    client.force_login(user)
    url = reverse("people:subject_access", args=[record.person.pk])
    assert client.get(url, {"format": "json"}).status_code == status
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUBJECT_ACCESS).exists()


def test_command_prints_the_json_and_writes_the_documents(world: SmallWorld, tmp_path) -> None:
    record = rich_record(world)
    out = StringIO()
    call_command("people", "sar", str(record.person.pk), stdout=out)
    assert json.loads(out.getvalue())["person_id"] == str(record.person.pk)
    call_command("people", "sar", str(record.person.pk), "--out", str(tmp_path), stdout=out)
    stem = tmp_path / str(record.person.pk)
    assert "late husband" in stem.with_suffix(".html").read_text()
    assert stem.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.SUBJECT_ACCESS, actor__isnull=True
        ).count()
        == 2
    )


def test_the_page_reads_in_the_products_words_not_codes_or_json(world: SmallWorld) -> None:
    record = rich_record(world)
    Person.objects.filter(pk=record.person.pk).update(deprivation_index="imd2019")
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    page = client.get(reverse("people:subject_access", args=[record.person.pk]))
    body = page.content.decode().split("<body>", 1)[1]
    for words in (
        "Person record</h2>",
        "NHS number",
        "Telephone",
        "Loneliness or isolation",  # the referral's reasons and the connection's need
        "ONS personal well-being (ONS4)",
        "Life satisfaction: 6",
        "Happy yesterday: 4 (Low)",
        "Questionnaires (1)",
        "Episode summaries (1)",
        "Status changed: Active → Discharged: Goals met",
        "Goal: Visit the Zephyrine bowls club",
        '<th scope="row">Field name</th><td>Last name</td>',
        "Face to face",
        "English Indices of Deprivation 2019",
    ):
        assert words in body, words
    for code in (
        "Nhs number",
        "Persons",
        "loneliness_isolation",
        "life_satisfaction",
        "ons4",
        "family_name",
        "goals_met",
        "face_to_face",
        "imd2019",
        "{",
        "[",
    ):
        assert code not in body, code
    assert raw_codes_in(visible_text(page.content.decode())) == []
    # The machine-readable file keeps the codes.
    data = client.get(reverse("people:subject_access", args=[record.person.pk]), {"format": "json"})
    assert "loneliness_isolation" in data.content.decode()


def test_the_page_links_its_stylesheet_and_the_documents_carry_it(
    world: SmallWorld, tmp_path
) -> None:
    # The Content-Security-Policy refuses inline styles in the browser; a PDF and the
    # command line's file stand alone, so theirs are inline.
    record = rich_record(world)
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    page = client.get(reverse("people:subject_access", args=[record.person.pk])).content.decode()
    assert '<link rel="stylesheet" href="/static/css/subject_access.css">' in page
    assert "<style>" not in page
    call_command("people", "sar", str(record.person.pk), "--out", str(tmp_path), stdout=StringIO())
    document = (tmp_path / str(record.person.pk)).with_suffix(".html").read_text()
    assert "<style>" in document
    assert "font-family" in document
    assert "<link" not in document


def test_what_a_consent_lets_be_shared_reads_in_words(world: SmallWorld) -> None:
    record = rich_record(world, discharge=False)
    consent_record(
        person=record.person,
        actor=world.users[Role.LINK_WORKER],
        kind="share_with_vcse",
        given=True,
        recorded_on=record.referral.received_on,
        organisation=world.vcse,
        shared_fields=["name", "contact"],
    )
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    for url in (
        reverse("people:person_detail", args=[record.person.pk]),
        reverse("people:subject_access", args=[record.person.pk]),
    ):
        text = visible_text(client.get(url).content.decode())
        assert "Contact details" in text, url
        assert "may share: name, contact" not in text, url
        assert "Shared fields contact" not in text, url
