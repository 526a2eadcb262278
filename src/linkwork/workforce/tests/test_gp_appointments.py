"""GP appointments before and after referral: recorded only with consent and once the window
after referral has passed, on the episode page (its staff) or from CSV (the scheme's
managers), all or nothing, audited, and erased with the person's other free text."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.clock import today
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.people.data_rights import person_erase
from linkwork.people.person_graph import person_tables, tables_without_scheme
from linkwork.people.tests.rich_record import rich_record
from linkwork.people.tests.test_erasure_and_retention import after_retention
from linkwork.testing.world import CAST_ROLES, SmallWorld, refer_and_start
from linkwork.workforce.gp_services import (
    GpCounts,
    add_months,
    gp_appointments_import,
    gp_appointments_record,
)
from linkwork.workforce.models import GpAppointments
from linkwork.workforce.tests.helpers import client_for

pytestmark = pytest.mark.django_db

A_YEAR_AGO = 365


def counts(**overrides: object) -> GpCounts:
    fields: dict[str, object] = {
        "consent_recorded_on": today() - timedelta(days=10),
        "window_months": 6,
        "count_before": 9,
        "count_after": 4,
        "source": "practice_record",
        "note": "",
    }
    fields.update(overrides)
    return GpCounts(**fields)  # type: ignore[arg-type]


def episode(world: SmallWorld, days_ago: int = A_YEAR_AGO) -> Referral:
    return refer_and_start(world, received_on=today() - timedelta(days=days_ago))


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    from datetime import date

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 6) == date(2027, 5, 15)


def test_counts_are_recorded_audited_and_replaced_not_duplicated(world: SmallWorld) -> None:
    referral = episode(world)
    worker = world.users[Role.LINK_WORKER]
    first = gp_appointments_record(actor=worker, referral=referral, counts=counts())
    assert (first.count_before, first.count_after, first.scheme_id) == (9, 4, referral.scheme_id)
    again = gp_appointments_record(actor=worker, referral=referral, counts=counts(count_after=2))
    assert again.pk == first.pk
    assert GpAppointments.objects.get().count_after == 2
    actions = list(
        AuditEvent.objects.filter(object_type="gp_appointments")
        .order_by("at")
        .values_list("action", "person_id")
    )
    assert actions == [("create", referral.person_id), ("update", referral.person_id)]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"consent_recorded_on": None}, "consent_recorded_on", "consented"),
        ({"consent_recorded_on": "tomorrow"}, "consent_recorded_on", "future"),
        ({"window_months": 0}, "window_months", "from 1 to 24"),
        ({"window_months": 18}, "window_months", "record the counts after then"),
        ({"count_before": -1}, "count_before", "from 0 to 300"),
        ({"count_after": 301}, "count_after", "from 0 to 300"),
        ({"source": "guess"}, "source", "where the counts come from"),
    ],
)
def test_bad_counts_are_refused_naming_the_field_and_nothing_is_written(
    world: SmallWorld, overrides: dict[str, object], field: str, words: str
) -> None:
    if overrides.get("consent_recorded_on") == "tomorrow":
        # Worked out when the test runs, not when it is collected (a run can cross midnight).
        overrides = {"consent_recorded_on": today() + timedelta(days=1)}
    referral = episode(world)
    with pytest.raises(DomainError) as refused:
        gp_appointments_record(
            actor=world.users[Role.LINK_WORKER], referral=referral, counts=counts(**overrides)
        )
    assert words in " ".join(refused.value.field_errors[field])
    assert not GpAppointments.objects.exists()


def test_the_model_is_in_the_person_graph_and_carries_its_scheme() -> None:
    assert "workforce.GpAppointments" in {t.label for t in person_tables()}
    assert "workforce.GpAppointments" not in tables_without_scheme()


def test_erasure_empties_the_note_and_keeps_the_counts(world: SmallWorld, settings) -> None:
    record = rich_record(world)
    gp_appointments_record(
        actor=world.users[Role.LINK_WORKER],
        referral=record.referral,
        counts=counts(note="Sees Dr Patel about her late husband"),
        today=today() + timedelta(days=400),
    )
    after_retention(settings, record)
    person_erase(person=record.person, actor=world.users[Role.SCHEME_MANAGER])
    kept = GpAppointments.objects.get()
    assert kept.note == ""
    assert (kept.count_before, kept.count_after, kept.window_months) == (9, 4, 6)


# The episode page -------------------------------------------------------------------------


def form_data(**overrides: str) -> dict[str, str]:
    consent = today() - timedelta(days=5)
    data = {
        "consent_recorded_on": consent.isoformat(),
        "window_months": "6",
        "count_before": "11",
        "count_after": "5",
        "source": "practice_record",
        "note": "",
    }
    data.update(overrides)
    return data


def test_the_episode_page_records_and_shows_the_counts(world: SmallWorld) -> None:
    referral = episode(world)
    client = client_for(world.users[Role.LINK_WORKER])
    page = reverse("episodes:referral_detail", args=[referral.pk])
    assert 'data-testid="no-gp-appointments"' in client.get(page).content.decode()
    sent = client.post(reverse("workforce:gp_record", args=[referral.pk]), form_data())
    assert sent.status_code == 302
    shown = client.get(page).content.decode()
    assert "11 GP appointments in the 6 months before the referral and 5" in shown


def test_a_refused_form_comes_back_on_the_episode_page_with_the_field_named(
    world: SmallWorld,
) -> None:
    referral = episode(world, days_ago=60)
    client = client_for(world.users[Role.LINK_WORKER])
    sent = client.post(reverse("workforce:gp_record", args=[referral.pk]), form_data())
    assert sent.status_code == 400
    assert "The 6 months after referral end on" in sent.content.decode()
    assert not GpAppointments.objects.exists()


def test_only_staff_who_work_on_the_episode_record_counts(world: SmallWorld) -> None:
    referral = episode(world)
    url = reverse("workforce:gp_record", args=[referral.pk])
    refused = {
        Role.REFERRER_GP: {403, 404},
        Role.RESEARCHER: {404},
        Role.COMMISSIONER: {404},
    }
    for role, statuses in refused.items():
        assert client_for(world.users[role]).post(url, form_data()).status_code in statuses
    other_scheme = client_for(world.extra["scot_link_worker"])
    assert other_scheme.post(url, form_data()).status_code == 404
    assert not GpAppointments.objects.exists()


# CSV import ---------------------------------------------------------------------------------

HEADER = "referral_id,consent_recorded_on,window_months,count_before,count_after,source,note\n"


def csv_of(*rows: str) -> io.StringIO:
    return io.StringIO(HEADER + "".join(f"{row}\n" for row in rows))


def test_a_file_is_imported_whole(world: SmallWorld) -> None:
    a, b = episode(world), episode(world, days_ago=400)
    consent = (today() - timedelta(days=3)).isoformat()
    imported = gp_appointments_import(
        actor=world.users[Role.SCHEME_MANAGER],
        scheme=world.scheme,
        source=csv_of(
            f"{a.pk},{consent},6,8,3,practice_report,",
            f"{b.pk},{consent},12,20,14,practice_record,=HYPERLINK()",
        ),
    )
    assert imported == 2
    rows = {r.referral_id: r for r in GpAppointments.objects.all()}
    assert (rows[a.pk].count_before, rows[b.pk].window_months) == (8, 12)
    assert all(r.imported for r in rows.values())
    assert AuditEvent.objects.filter(object_type="gp_appointments").count() == 2


def test_one_bad_row_imports_nothing_and_every_fault_is_named(world: SmallWorld) -> None:
    good, young = episode(world), episode(world, days_ago=30)
    consent = (today() - timedelta(days=3)).isoformat()
    with pytest.raises(DomainError) as refused:
        gp_appointments_import(
            actor=world.users[Role.SCHEME_MANAGER],
            scheme=world.scheme,
            source=csv_of(
                f"{good.pk},{consent},6,8,3,practice_report,",
                f"{young.pk},{consent},6,8,3,practice_report,",
                f"{good.pk},,6,eight,3,practice_report,",
                "not-an-id,2026-13-01,6,1,1,self_report,",
            ),
        )
    message = refused.value.message
    lines = message.splitlines()
    assert lines[0] == "Nothing was imported: 6 problems in the file."
    assert lines[1].startswith("Row 3, window_months: The 6 months after referral end on")
    # Every fault of a row is named at once, one to a line, in the same style.
    assert lines[2:] == [
        "Row 4, count_before: Give a whole number.",
        "Row 4, consent_recorded_on: Give the date the person's consent was recorded: GP "
        "appointments are counted only for people who consented.",
        "Row 4, referral_id: The same episode is on row 2.",
        "Row 5, referral_id: No episode of this scheme has the id 'not-an-id'.",
        "Row 5, consent_recorded_on: Give a date as YYYY-MM-DD.",
    ]
    assert not GpAppointments.objects.exists()


def test_a_row_without_consent_is_refused(world: SmallWorld) -> None:
    referral = episode(world)
    with pytest.raises(DomainError) as refused:
        gp_appointments_import(
            actor=world.users[Role.SCHEME_MANAGER],
            scheme=world.scheme,
            source=csv_of(f"{referral.pk},,6,8,3,practice_report,"),
        )
    assert "Row 2, consent_recorded_on: Give the date the person's consent" in (
        refused.value.message
    )
    assert not GpAppointments.objects.exists()


def test_an_episode_of_another_scheme_is_not_found(world: SmallWorld) -> None:
    referral = episode(world)
    with pytest.raises(DomainError) as refused:
        gp_appointments_import(
            actor=world.users[Role.SCHEME_MANAGER],
            scheme=world.scot_scheme,
            source=csv_of(f"{referral.pk},{today().isoformat()},6,8,3,practice_report,"),
        )
    assert f"No episode of this scheme has the id '{referral.pk}'" in refused.value.message


def test_a_file_missing_a_column_says_which(world: SmallWorld) -> None:
    with pytest.raises(DomainError, match=r"no column source\. Its columns are referral_id,"):
        gp_appointments_import(
            actor=world.users[Role.SCHEME_MANAGER],
            scheme=world.scheme,
            source=io.StringIO(
                "referral_id,consent_recorded_on,window_months,count_before,count_after,note\n"
            ),
        )


def test_the_import_page_is_the_scheme_managers(world: SmallWorld) -> None:
    url = reverse("workforce:gp_import", args=[world.scheme.slug])
    got = tuple(client_for(world.users[role]).get(url).status_code for role in CAST_ROLES)
    assert got == (403, 200, 404, 404, 404, 404, 404, 200)


def test_the_import_page_imports_and_shows_a_fault_beside_the_file(world: SmallWorld) -> None:
    referral = episode(world)
    client = client_for(world.users[Role.SCHEME_MANAGER])
    url = reverse("workforce:gp_import", args=[world.scheme.slug])
    bad = SimpleUploadedFile(
        "gp.csv", (HEADER + f"{referral.pk},,6,8,3,practice_report,\n").encode()
    )
    page = client.post(url, {"file": bad})
    assert page.status_code == 400
    assert "Row 2, consent_recorded_on" in page.content.decode()
    good = SimpleUploadedFile(
        "gp.csv",
        (HEADER + f"{referral.pk},{today().isoformat()},6,8,3,practice_report,\n").encode(),
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert "1 episode recorded" in client.get(url).content.decode()


def test_the_command_imports_for_a_manager_of_the_scheme_only(
    world: SmallWorld, tmp_path: Path
) -> None:
    referral = episode(world)
    path = tmp_path / "gp.csv"
    path.write_text(HEADER + f"{referral.pk},{today().isoformat()},6,8,3,practice_record,\n")
    args = ["workforce", "import-gp-appointments", str(path), "--scheme", world.scheme.slug]
    with pytest.raises(CommandError, match="does not manage"):
        call_command(*args, "--by", world.users[Role.LINK_WORKER].username)
    assert not GpAppointments.objects.exists()
    out = io.StringIO()
    call_command(*args, "--by", world.users[Role.SCHEME_MANAGER].username, stdout=out)
    assert "for 1 episodes" in out.getvalue()
    assert GpAppointments.objects.get().count_before == 8


def test_a_row_with_several_faults_names_each_and_a_long_list_is_capped(
    world: SmallWorld,
) -> None:
    referral = episode(world)
    rows = [f"{referral.pk},{today().isoformat()},six,x,y,nowhere,"]
    rows += [f"{referral.pk},{today().isoformat()},6,1,1,practice_record,"] * 60
    with pytest.raises(DomainError) as refused:
        gp_appointments_import(
            actor=world.users[Role.SCHEME_MANAGER], scheme=world.scheme, source=csv_of(*rows)
        )
    lines = refused.value.message.splitlines()
    assert lines[1:5] == [
        "Row 2, window_months: Give a whole number.",
        "Row 2, count_before: Give a whole number.",
        "Row 2, count_after: Give a whole number.",
        "Row 2, source: Choose where the counts come from.",
    ]
    assert lines[0] == "Nothing was imported: 64 problems in the file."
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == "…and 14 more problems not listed here."


def test_a_file_with_other_columns_names_only_the_missing_and_what_it_has(
    world: SmallWorld,
) -> None:
    with pytest.raises(DomainError) as refused:
        gp_appointments_import(
            actor=world.users[Role.SCHEME_MANAGER],
            scheme=world.scheme,
            source=io.StringIO(
                "referral,consent_recorded_on,window_months,count_before,"
                "count_after,source,note\nx,,,,,,\n"
            ),
        )
    assert refused.value.message.startswith(
        "The file has no column referral_id. Its columns are referral, consent_recorded_on,"
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("profile.yaml", b"profile: x\ntitle: y\n", "The file profile.yaml is not a CSV file"),
        ("gp.csv", b"\x89PNG\r\n\x1a\n\xff\xfe", "The file gp.csv is not text"),
        ("gp.csv", b"\r\n", "The file is empty or has no header row"),
        ("gp.csv", b"profile: x\ntitle: y\n", "The file is not a CSV file with commas"),
    ],
)
def test_the_import_page_says_plainly_when_the_file_is_not_a_csv(
    world: SmallWorld, name: str, content: bytes, expected: str
) -> None:
    client = client_for(world.users[Role.SCHEME_MANAGER])
    url = reverse("workforce:gp_import", args=[world.scheme.slug])
    page = client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert page.status_code == 400
    body = page.content.decode()
    assert expected in body
    assert "the columns are referral_id" not in body


def test_the_import_page_lists_each_row_problem_on_its_own_line(world: SmallWorld) -> None:
    referral = episode(world)
    client = client_for(world.users[Role.SCHEME_MANAGER])
    url = reverse("workforce:gp_import", args=[world.scheme.slug])
    bad = SimpleUploadedFile(
        "gp.csv", (HEADER + f"{referral.pk},,6,x,y,practice_report,\n").encode()
    )
    body = client.post(url, {"file": bad}).content.decode()
    for line in (
        "Row 2, consent_recorded_on: Give the date",
        "Row 2, count_before: Give a whole number.",
        "Row 2, count_after: Give a whole number.",
    ):
        assert f">{line}" in body  # each its own list item or error line
