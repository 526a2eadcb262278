"""Every way to take a scheme's TIDieR description away works: the downloads, the printable
page (which the browser prints or saves as PDF), and the .pdf address people guess."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def signed_in(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.RESEARCHER])
    return client


def test_every_tidier_link_on_the_scheme_page_works(world: SmallWorld) -> None:
    client = signed_in(world)
    page = client.get(reverse("organisations:scheme_detail", args=[world.scheme.slug]))
    links = set(re.findall(r'href="([^"]*tidier[^"]*)"', page.content.decode()))
    assert len(links) >= 3  # Markdown, JSON and the printable page
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_printable_page_holds_the_whole_description(world: SmallWorld) -> None:
    client = signed_in(world)
    page = client.get(reverse("organisations:scheme_tidier", args=[world.scheme.slug]))
    html = page.content.decode()
    assert f"TIDieR description: {world.scheme.name}" in html
    assert html.count("nhsuk-summary-list__row") == 13  # twelve items and "voice"
    assert "save it as a PDF" in html


def test_the_pdf_address_leads_to_the_printable_page(world: SmallWorld) -> None:
    client = signed_in(world)
    response = client.get(f"/schemes/{world.scheme.slug}/tidier.pdf")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:scheme_tidier", args=[world.scheme.slug])
    assert client.get(response["Location"]).status_code == 200


def test_other_formats_are_not_found(world: SmallWorld) -> None:
    client = signed_in(world)
    assert client.get(f"/schemes/{world.scheme.slug}/tidier.docx").status_code == 404
