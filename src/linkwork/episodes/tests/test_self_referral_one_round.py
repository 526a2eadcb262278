"""The public self-referral form reports every problem in one round, each linked to its box,
and speaks to the person filling it in."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import linkwork.lookups
from linkwork.episodes.tests.test_referral_views import self_referral_post
from linkwork.identifiers import validate_chi_number, validate_nhs_number
from linkwork.people.forms import PUBLIC_WORDS
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db

REPLY = "Give a phone number or an email address, so the team can reply to you."


def _summary(html: str) -> str:
    return html.split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0]


def _post(world: SmallWorld, **overrides: object) -> str:
    data = self_referral_post(world)
    data.update(overrides)
    response = Client().post(reverse("episodes:self_referral", args=[world.scheme.slug]), data)
    assert response.status_code == 400
    return response.content.decode()


def test_no_way_to_reply_is_said_with_the_other_problems(world: SmallWorld) -> None:
    html = _post(world, reasons=[], **{"person-given_name": "", "person-phone": ""})
    summary = _summary(html)
    assert '<a href="#id_reasons_0">' in summary
    assert '<a href="#id_person-given_name">' in summary
    assert f'<a href="#id_person-phone">{REPLY}</a>' in summary
    assert not Person.objects.exists()


def test_every_line_of_the_summary_links_to_its_box(world: SmallWorld) -> None:
    # Only the service knows about a missing reply address when everything else is right.
    cases: tuple[dict[str, object], ...] = (
        {"person-phone": ""},
        {"reasons": [], "person-phone": ""},
        {"practice": "", "person-phone": ""},
    )
    for overrides in cases:
        summary = _summary(_post(world, **overrides))
        items = re.findall(r"<li>(.*?)</li>", summary, re.S)
        assert items, overrides
        assert all(item.startswith("<a href=") for item in items), items
        assert "Check the referral." not in summary


def test_an_email_alone_is_a_way_to_reply(world: SmallWorld) -> None:
    response = Client().post(
        reverse("episodes:self_referral", args=[world.scheme.slug]),
        self_referral_post(world, **{"person-phone": "", "person-email": "sam@example.com"}),
    )
    assert response.status_code == 302


def test_the_gp_practice_is_chosen_by_the_person(world: SmallWorld) -> None:
    html = Client().get(reverse("episodes:self_referral", args=[world.scheme.slug])).content
    page = html.decode()
    select = page.split('name="practice"', 1)[1].split("</select>", 1)[0]
    first = re.search(r"<option([^>]*)>([^<]*)</option>", select)
    assert first is not None
    assert 'value=""' in first.group(1)
    assert first.group(2) == "Choose your GP practice"
    assert re.findall(r'<option value="[^"]+" selected', select) == []
    summary = _summary(_post(world, practice=""))
    assert '<a href="#id_practice">Choose your GP practice.</a>' in summary


def test_the_public_form_asks_in_plain_words(world: SmallWorld) -> None:
    page = Client().get(reverse("episodes:self_referral", args=[world.scheme.slug]))
    html = page.content.decode()
    words = PUBLIC_WORDS[world.scheme.region.country]
    for label, hint in words.values():
        assert label in html
        assert hint.replace("'", "&#x27;") in html
    assert "For example, 31 3 1980" in html


def _example(hint: str, pattern: str) -> str:
    found = re.search(pattern, hint)
    assert found is not None, hint
    return found.group(0)


def test_the_examples_pass_the_rules() -> None:
    nhs = _example(PUBLIC_WORDS["england"]["nhs_number"][1], r"\d{3} \d{3} \d{4}")
    assert validate_nhs_number(nhs)
    chi = _example(PUBLIC_WORDS["scotland"]["chi_number"][1], r"\d{6} \d{4}")
    assert validate_chi_number(chi)
    fixture = Path(linkwork.lookups.__file__).parent / "fixtures" / "onspd_sample.csv"
    with fixture.open() as rows:
        known = {row["pcds"] for row in csv.DictReader(rows) if row["lsoa11"]}
    for country in ("england", "scotland"):
        postcode = PUBLIC_WORDS[country]["postcode"][1].removeprefix("For example, ")
        assert postcode in known, postcode
