"""The public self-referral form speaks to the person filling it in, not to staff."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.people.forms import PersonForm
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db

STAFF_WORDING = ("Not asked", "Not known", "Prefers not to say", "Needs an interpreter")


def test_the_self_referral_form_has_no_staff_wording(world: SmallWorld) -> None:
    page = Client().get(reverse("episodes:self_referral", args=[world.scheme.slug]))
    html = page.content.decode()
    for wording in STAFF_WORDING:
        assert wording not in html, wording
    assert "Prefer not to say" in html
    assert "I need an interpreter" in html


def test_staff_keep_the_answers_only_they_record(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    html = client.get(reverse("episodes:referral_new")).content.decode()
    assert "Not asked" in html
    assert "Not known" in html


@pytest.mark.parametrize("country", ["england", "scotland"])
def test_prefer_not_to_say_is_chosen_until_the_person_chooses(country: str) -> None:
    form = PersonForm(country=country, public=True)
    for name in ("sex", "gender_identity", "ethnicity"):
        field = form.fields[name]
        first_code, first_label = field.choices[0]  # type: ignore[attr-defined]
        assert first_label == "Prefer not to say", name
        assert field.initial == first_code, name
        codes = {code for code, _ in field.choices}  # type: ignore[attr-defined]
        assert not codes & {"not_asked", "not_known", "99", "S99", ""}, name
