"""Every postcode the demo world or a form's hint shows someone is one the demo lookup knows, and
every service in the demo directory has a place on the map."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.management import call_command

import linkwork
from linkwork.directory.forms import DirectorySearchForm
from linkwork.directory.models import Address, Location, Service
from linkwork.directory.selectors import postcode_point
from linkwork.identifiers import IdentifierError, normalise_postcode
from linkwork.lookups.services import lookup_load_samples
from linkwork.organisations.models import Organisation

pytestmark = pytest.mark.django_db

POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}\b")
SOURCE = Path(linkwork.__file__).parent


def form_classes() -> list[type[forms.Form | forms.ModelForm[Any]]]:
    found = []
    for module in pkgutil.walk_packages([str(SOURCE)], "linkwork."):
        if module.name.rsplit(".", 1)[-1] == "forms":
            loaded = importlib.import_module(module.name)
            found += [
                value
                for value in vars(loaded).values()
                if inspect.isclass(value)
                and issubclass(value, forms.Form | forms.ModelForm)
                and value.__module__ == loaded.__name__
            ]
    return found


def examples_people_see() -> dict[str, set[str]]:
    """Postcodes written as examples: in forms' hints and in the message for a mistyped one."""
    texts: dict[str, str] = {}
    for form in form_classes():
        for name, field in form.base_fields.items():
            texts[f"{form.__name__}.{name} hint"] = str(field.help_text or "")
    search = DirectorySearchForm(data={"postcode": "NOPE"})
    search.is_valid()
    texts["directory search error"] = " ".join(map(str, search.errors["postcode"]))
    try:
        normalise_postcode("not a postcode")
    except IdentifierError as exc:  # what the referral form shows under its postcode field
        texts["referral form error"] = exc.message
    for template in SOURCE.glob("**/templates/**/*.html"):
        for hint in re.findall(r'class="nhsuk-hint"[^>]*>(.*?)</', template.read_text(), re.S):
            texts[f"{template.name} hint"] = texts.get(f"{template.name} hint", "") + hint
    return {where: set(POSTCODE.findall(text)) for where, text in texts.items()}


def test_every_postcode_a_form_gives_as_an_example_is_in_the_demo_lookup() -> None:
    lookup_load_samples()
    examples = examples_people_see()
    assert examples["referral form error"]
    assert examples["directory search error"]
    unknown = {
        where: sorted(p for p in postcodes if postcode_point(p) is None)
        for where, postcodes in examples.items()
    }
    assert {where: found for where, found in unknown.items() if found} == {}


def test_every_demo_service_and_practice_has_a_known_place() -> None:
    # The registry and directory do not scale: a fiftieth of the casework is enough.
    call_command("demo", "--scale", "0.02", "--seed", "13", stdout=StringIO())
    assert Service.objects.count() == 400
    assert Service.objects.filter(at_locations__isnull=True).count() == 0
    placed = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
    assert not Location.objects.exclude(pk__in=placed).exists()
    unposted = Location.objects.exclude(addresses__postal_code__gt="")
    assert not unposted.exists()
    postcodes = set(Address.objects.values_list("postal_code", flat=True))
    postcodes |= set(Organisation.objects.exclude(postcode="").values_list("postcode", flat=True))
    assert sorted(p for p in postcodes if postcode_point(p) is None) == []
