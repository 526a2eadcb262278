"""Case studies: the three parts and consent checked, approval by the scheme's managers only
while consent stands, changes and withdrawal sending it back, and the anonymised export."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld, refer, refer_and_start
from linkwork.voice.case_study_services import (
    Story,
    case_study_approve,
    case_study_consent_withdraw,
    case_study_update,
    case_study_write,
)
from linkwork.voice.models import CaseStudy
from linkwork.voice.selectors import EXPORT_COLUMNS

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def story(**overrides: object) -> Story:
    fields: dict[str, object] = {
        "title": "Back to the allotment",
        "what_mattered": "Ada wanted to garden again; call her on 07700 900123 any time.",
        "what_was_done": "Met at LS6 2QT; NHS 943 476 5919; email ada@example.org.",
        "what_changed": "Born 10/12/1960, Mrs Lovelace now runs the Tuesday group.",
        "consent_on": TODAY() - timedelta(days=1),
        "consent_how": "written",
    }
    fields.update(overrides)
    return Story(**fields)  # type: ignore[arg-type]


@pytest.fixture
def episode(world: SmallWorld) -> Referral:
    return refer_and_start(world, received_on=TODAY() - timedelta(days=30))


def test_the_three_parts_are_needed_and_consent_is_both_day_and_how(
    world: SmallWorld, episode: Referral
) -> None:
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError) as missing:
        case_study_write(referral=episode, actor=worker, story=story(what_changed="  "))
    assert missing.value.field_errors == {"what_changed": ["Say what changed for them."]}
    with pytest.raises(DomainError) as half:
        case_study_write(referral=episode, actor=worker, story=story(consent_how=""))
    assert "consent_how" in half.value.field_errors
    with pytest.raises(DomainError) as future:
        case_study_write(
            referral=episode, actor=worker, story=story(consent_on=TODAY() + timedelta(days=1))
        )
    assert future.value.field_errors["consent_on"] == ["The consent date cannot be in the future."]
    assert not CaseStudy.objects.exists()


def test_a_referral_with_no_support_has_no_story(world: SmallWorld) -> None:
    referral = refer(world)
    with pytest.raises(DomainError, match="support given"):
        case_study_write(referral=referral, actor=world.users[Role.LINK_WORKER], story=story())


def test_only_a_manager_approves_and_only_while_consent_stands(
    world: SmallWorld, episode: Referral
) -> None:
    worker, manager = world.users[Role.LINK_WORKER], world.users[Role.SCHEME_MANAGER]
    unconsented = case_study_write(
        referral=episode, actor=worker, story=story(consent_on=None, consent_how="")
    )
    with pytest.raises(DomainError, match="consent"):
        case_study_approve(case_study=unconsented, actor=manager)
    consented = case_study_write(referral=episode, actor=worker, story=story())
    with pytest.raises(DomainError, match="manager of the scheme"):
        case_study_approve(case_study=consented, actor=worker)
    case_study_approve(case_study=consented, actor=manager)
    consented.refresh_from_db()
    assert (consented.status, consented.approved_by) == ("approved", manager)

    # Changing an approved story sends it back for approval.
    case_study_update(case_study=consented, actor=worker, story=story(title="Allotment again"))
    consented.refresh_from_db()
    assert (consented.status, consented.approved_by) == ("draft", None)

    # Withdrawn consent: back to draft, and it cannot be approved again until given again.
    case_study_approve(case_study=consented, actor=manager)
    case_study_consent_withdraw(case_study=consented, actor=worker)
    consented.refresh_from_db()
    assert consented.status == "draft"
    assert consented.consent_withdrawn_on == TODAY()
    with pytest.raises(DomainError, match="consent"):
        case_study_approve(case_study=consented, actor=manager)


def _export(client: Client) -> list[dict[str, str]]:
    response = client.get(reverse("voice:case_study_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_export_holds_approved_consented_stories_scrubbed_and_formula_safe(
    world: SmallWorld, episode: Referral
) -> None:
    worker, manager = world.users[Role.LINK_WORKER], world.users[Role.SCHEME_MANAGER]
    approved = case_study_write(referral=episode, actor=worker, story=story(title="=SUM(A1)"))
    case_study_approve(case_study=approved, actor=manager)
    case_study_write(referral=episode, actor=worker, story=story(title="Draft only"))
    withdrawn = case_study_write(referral=episode, actor=worker, story=story(title="Withdrawn"))
    case_study_approve(case_study=withdrawn, actor=manager)
    case_study_consent_withdraw(case_study=withdrawn, actor=worker)

    client = Client()
    commissioner = world.users[Role.COMMISSIONER]
    client.force_login(commissioner)
    rows = _export(client)
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == list(EXPORT_COLUMNS)
    assert row["title"] == "'=SUM(A1)"  # a spreadsheet shows it as text
    assert row["what_mattered"] == (
        "[name] wanted to garden again; call her on [phone number] any time."
    )
    assert row["what_was_done"] == (
        "Met at [postcode]; NHS [NHS or CHI number]; email [email address]."
    )
    assert row["what_changed"] == "Born [date], Mrs [name] now runs the Tuesday group."
    assert row["reasons_for_referral"] == "Loneliness or isolation"
    assert row["approved_month"] == f"{TODAY():%Y-%m}"
    exported = AuditEvent.objects.get(actor=commissioner, action="export")
    assert list(exported.subjects.values_list("person_id", flat=True)) == [episode.person_id]


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.REFERRER_GP, Role.VCSE_WORKER])
def test_the_export_is_refused_to_other_roles(world: SmallWorld, role: Role) -> None:
    client = Client()
    client.force_login(world.users[role])
    assert client.get(reverse("voice:case_study_export")).status_code == 403


def test_the_link_worker_writes_one_from_the_episode_page(
    world: SmallWorld, episode: Referral
) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    page = client.get(reverse("episodes:referral_detail", args=[episode.pk])).content.decode()
    new = reverse("voice:case_study_new", args=[episode.pk])
    assert new in page
    refused = client.post(new, {"title": "", "what_mattered": "x"})
    assert refused.status_code == 400
    assert "Enter" in refused.content.decode() or "title" in refused.content.decode().lower()
    assert not CaseStudy.objects.exists()
    saved = client.post(
        new,
        {
            "title": "Allotment",
            "what_mattered": "Gardening",
            "what_was_done": "A group",
            "what_changed": "Out weekly",
        },
    )
    assert saved.status_code == 302
    study = CaseStudy.objects.get()
    assert study.scheme_id == episode.scheme_id
    assert not study.consent_stands
    detail = client.get(saved["Location"]).content.decode()
    assert "Not yet given" in detail
    assert "Approve for sharing" not in detail  # the link worker does not approve


def test_the_same_case_study_form_sent_twice_makes_one_case_study(
    world: SmallWorld, episode: Referral
) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    new = reverse("voice:case_study_new", args=[episode.pk])
    form = client.get(new).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', form)
    assert key is not None, "the form carries no one-use key"
    sent = {
        "submission_key": key.group(1),
        "title": "Allotment",
        "what_mattered": "Gardening",
        "what_was_done": "A group",
        "what_changed": "Out weekly",
    }
    first = client.post(new, sent)
    assert first.status_code == 302
    again = client.post(new, sent, follow=True)
    assert CaseStudy.objects.count() == 1
    assert again.redirect_chain[0][0] == first["Location"]
    assert "already sent and saved" in again.content.decode()
    # A fresh form (a new key) writes a second one.
    fresh = re.search(r'name="submission_key" value="([^"]+)"', client.get(new).content.decode())
    assert fresh is not None
    assert fresh.group(1) != key.group(1)
    assert client.post(new, {**sent, "submission_key": fresh.group(1)}).status_code == 302
    assert CaseStudy.objects.count() == 2
