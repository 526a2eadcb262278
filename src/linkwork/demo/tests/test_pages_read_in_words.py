"""Walking the demo world as each of the main roles, no page shows a stored code where its
label belongs: no "loneliness_isolation", no "in-progress", no "[SNOMED CT …]"."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.demo.context_dates import PINNED_REFERENCE_DATE
from linkwork.episodes.models import Referral
from linkwork.implementation.selectors import managed_practices, managed_schemes
from linkwork.testing.visible import raw_codes_in, visible_text

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "linkwork-demo"


def episode_pages(worker: User) -> list[str]:
    """An open, a declined and a discharged episode in the worker's scheme, their people's
    records and the end-of-episode summary."""
    scheme = worker.memberships.filter(scheme__isnull=False).first().scheme  # type: ignore[union-attr]
    paths = []
    for status in ("active", "declined", "discharged"):
        referral = Referral.objects.filter(scheme=scheme, status=status).first()
        assert referral is not None, status
        paths.append(reverse("episodes:referral_detail", args=[referral.pk]))
        paths.append(reverse("people:person_detail", args=[referral.person_id]))
        if status == "discharged":
            paths.append(reverse("episodes:episode_summary", args=[referral.pk]))
    return paths


def implementation_pages(user: User) -> list[str]:
    paths = [reverse("implementation:index")]
    paths += [
        reverse("implementation:scheme_dashboard", args=[s.slug])
        for s in managed_schemes(user=user)[:1]
    ]
    paths += [
        reverse("implementation:practice_dashboard", args=[p.pk])
        for p in list(managed_practices(user=user))[:1]
    ]
    return paths


def walk(username: str, extra: list[str]) -> dict[str, list[str]]:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    found = {}
    for path in ["/", *extra]:
        response = client.get(path)
        assert response.status_code == 200, (username, path, response.status_code)
        codes = raw_codes_in(visible_text(response.content.decode()))
        if codes:
            found[f"{username} {path}"] = codes
    return found


def test_the_main_roles_read_labels_not_codes(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.LINKWORK_TODAY = PINNED_REFERENCE_DATE
    call_command(
        "demo",
        "--scale",
        "0.2",
        "--seed",
        "5",
        "--reference-date",
        PINNED_REFERENCE_DATE.isoformat(),
        stdout=StringIO(),
    )
    worker = User.objects.get(username="linkworker")
    manager = User.objects.get(username="schememanager")
    for username in ("schememanager", "commissioner", "researcher"):
        client = Client()
        client.login(username=username, password=PASSWORD)
        client.post(reverse("evaluation:run"))
    found: dict[str, list[str]] = {}
    found |= walk("linkworker", [*episode_pages(worker), reverse("outcomes:due")])
    found |= walk(
        "schememanager", [reverse("evaluation:dashboard"), *implementation_pages(manager)]
    )
    found |= walk(
        "practicemanager",
        implementation_pages(User.objects.get(username="practicemanager")),
    )
    found |= walk("gp", [])
    found |= walk("vcse", [reverse("episodes:vcse_inbox")])
    found |= walk("commissioner", [reverse("evaluation:dashboard")])
    found |= walk("researcher", [reverse("evaluation:dashboard")])
    assert found == {}
