"""The end-of-episode summary as a document: written at discharge, versioned when amended,
printable and downloadable as a PDF, marked sent to the practice, and read only by those who
may see the episode."""

from __future__ import annotations

import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.episodes.models import EpisodeSummary, Referral
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.summaries import episode_summary_amend
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def discharged(world: SmallWorld) -> Referral:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=referral.received_on,
        mode="face_to_face",
        duration_minutes=40,
    )
    referral_discharge(referral=referral, actor=worker, reason="goals_met")
    return referral


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated: enough to find its title."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_discharge_writes_version_one(world: SmallWorld) -> None:
    referral = discharged(world)
    (summary,) = EpisodeSummary.objects.filter(referral=referral)
    assert summary.version == 1
    assert summary.scheme_id == referral.scheme_id
    assert summary.created_by == world.users[Role.LINK_WORKER]
    assert summary.content["person"]["name"] == referral.person.full_name
    assert summary.content["sessions"] == 1


def test_amend_keeps_the_old_version(world: SmallWorld, client: Client) -> None:
    referral = discharged(world)
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError, match="reason"):
        episode_summary_amend(referral=referral, actor=worker, reason="  ")
    referral.what_matters = "Getting out of the house"
    referral.save()
    episode_summary_amend(referral=referral, actor=worker, reason="Added what mattered")
    first, second = EpisodeSummary.objects.filter(referral=referral).order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.content["what_matters"] == ""
    assert second.content["what_matters"] == "Getting out of the house"
    assert second.reason == "Added what mattered"
    assert AuditEvent.objects.filter(
        object_type="episode_summary",
        object_id=str(second.pk),
        action="create",
        actor=worker,
        person_id=referral.person_id,
    ).exists()

    client.force_login(worker)
    response = client.post(reverse("episodes:episode_summary_amend", args=[referral.pk]), {})
    assert response.status_code == 400
    assert "Give the reason for the amendment" in response.content.decode()
    response = client.post(
        reverse("episodes:episode_summary_amend", args=[referral.pk]),
        {"reason": "Corrected a goal"},
    )
    assert response.status_code == 302
    assert EpisodeSummary.objects.filter(referral=referral).count() == 3
    page = client.get(reverse("episodes:episode_summary", args=[referral.pk])).content.decode()
    assert "Version 3" in page
    assert reverse("episodes:episode_summary_version", args=[referral.pk, 1]) in page
    old = client.get(reverse("episodes:episode_summary_version", args=[referral.pk, 1]))
    assert "Getting out of the house" not in old.content.decode()
    assert "Version 1" in old.content.decode()


def test_pdf_download(world: SmallWorld, client: Client) -> None:
    referral = discharged(world)
    client.force_login(world.users[Role.PRACTICE_MANAGER])
    response = client.get(reverse("episodes:episode_summary_pdf", args=[referral.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000
    assert referral.person.full_name.encode() in pdf_text(response.content)
    version = client.get(reverse("episodes:episode_summary_version_pdf", args=[referral.pk, 1]))
    assert version.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        object_type="episode_summary", action="view", person_id=referral.person_id
    ).exists()


def test_mark_sent_records_who_and_when(world: SmallWorld, client: Client) -> None:
    referral = discharged(world)
    url = reverse("episodes:episode_summary_sent", args=[referral.pk, 1])
    client.force_login(world.users[Role.PRACTICE_MANAGER])
    assert client.post(url).status_code == 403
    manager = world.users[Role.SCHEME_MANAGER]
    client.force_login(manager)
    assert client.post(url).status_code == 302
    summary = EpisodeSummary.objects.get(referral=referral, version=1)
    assert summary.sent_by == manager
    assert summary.sent_at is not None
    page = client.get(reverse("episodes:episode_summary", args=[referral.pk])).content.decode()
    assert "Sent to the practice" in page
    assert manager.get_full_name() in page
    sent = AuditEvent.objects.filter(
        object_type="episode_summary", object_id=str(summary.pk), action="update"
    )
    assert list(sent.values_list("actor", flat=True)) == [manager.pk]
    # Sending again does not rewrite who sent it first, nor audit a change that did not happen.
    client.force_login(world.users[Role.LINK_WORKER])
    client.post(url)
    summary.refresh_from_db()
    assert summary.sent_by == manager
    assert sent.count() == 1


def test_another_schemes_user_gets_404(world: SmallWorld, client: Client) -> None:
    referral = discharged(world)
    client.force_login(world.extra["scot_link_worker"])
    for url in (
        reverse("episodes:episode_summary", args=[referral.pk]),
        reverse("episodes:episode_summary_version", args=[referral.pk, 1]),
        reverse("episodes:episode_summary_pdf", args=[referral.pk]),
        reverse("episodes:episode_summary_version_pdf", args=[referral.pk, 1]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("episodes:episode_summary_amend", args=[referral.pk]),
        reverse("episodes:episode_summary_sent", args=[referral.pk, 1]),
    ):
        assert client.post(url, {"reason": "x"}).status_code == 404, url


def test_the_referrer_reads_the_document_once_discharged(world: SmallWorld, client: Client) -> None:
    referral = discharged(world)
    client.force_login(world.users[Role.REFERRER_GP])
    page = client.get(reverse("episodes:episode_summary", args=[referral.pk]))
    assert page.status_code == 200
    assert "Amend" not in page.content.decode()
    assert "Mark as sent" not in page.content.decode()
    assert AuditEvent.objects.filter(
        actor=world.users[Role.REFERRER_GP], object_type="episode_summary", action="view"
    ).exists()
