"""Vocabularies of stored codes behave like Django's TextChoices without importing Django."""

from __future__ import annotations

import doctest
import subprocess
import sys

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.template import Context, Template

import linkwork.core.choices
from linkwork.core.choices import Choices
from linkwork.organisations.kinds import Country
from linkwork.organisations.models import Region


class Colour(Choices):
    DEEP_RED = "deep_red", "Deep red"
    BLUE = "blue", "Blue"
    SEA_GREEN = "sea_green"  # no label given: one is made from the name


class DjangoColour(models.TextChoices):
    DEEP_RED = "deep_red", "Deep red"
    BLUE = "blue", "Blue"


def test_the_module_examples_hold() -> None:
    result = doctest.testmod(linkwork.core.choices)
    assert result.attempted > 0
    assert result.failed == 0


def test_a_member_is_its_code_and_carries_its_label() -> None:
    assert Colour.DEEP_RED == "deep_red"
    assert str(Colour.DEEP_RED) == "deep_red"
    assert f"{Colour.DEEP_RED}" == "deep_red"
    assert Colour.DEEP_RED.value == "deep_red"
    assert Colour.DEEP_RED.label == "Deep red"
    assert Colour.SEA_GREEN.label == "Sea green"
    assert Colour("blue") is Colour.BLUE
    assert Colour["BLUE"] is Colour.BLUE


def test_the_class_lists_codes_and_labels_as_textchoices_does() -> None:
    pairs = [("deep_red", "Deep red"), ("blue", "Blue")]
    assert Colour.choices[:2] == DjangoColour.choices == pairs
    assert Colour.values == ["deep_red", "blue", "sea_green"]
    assert Colour.labels == ["Deep red", "Blue", "Sea green"]
    assert Colour.names == ["DEEP_RED", "BLUE", "SEA_GREEN"]
    # Plain strings, so a migration writes them as literals.
    assert all(type(code) is str for code, _ in Colour.choices)


def test_a_stored_code_can_be_tested_for_membership() -> None:
    assert "blue" in Colour
    assert Colour.BLUE in Colour
    assert "green" not in Colour
    assert "" not in Colour
    with pytest.raises(ValueError, match="not a valid Colour"):
        Colour("green")


def test_two_names_for_one_code_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):

        class Twice(Choices):
            ONE = "one", "One"
            AGAIN = "one", "Again"


def test_the_module_imports_no_django() -> None:
    code = (
        "import sys, linkwork.core.choices; print(any(m.startswith('django') for m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, this interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_model_field_serialises_its_choices_as_literals() -> None:
    field: models.CharField[str, str] = models.CharField(
        max_length=16, choices=Colour.choices, default=Colour.BLUE.value
    )
    text, imports = MigrationWriter.serialize(field)
    assert "('deep_red', 'Deep red')" in text
    assert "linkwork" not in text
    assert not any("linkwork" in line for line in imports)


def test_a_form_field_accepts_codes_and_refuses_others() -> None:
    field = forms.ChoiceField(choices=Colour.choices)
    assert field.clean("blue") == "blue"
    with pytest.raises(ValidationError):
        field.clean("green")


@pytest.mark.django_db
def test_a_code_round_trips_through_the_database() -> None:
    Region.objects.create(name="Fife", slug="fife", country=Country.SCOTLAND)
    region = Region.objects.get(slug="fife")
    assert region.country == Country.SCOTLAND
    assert Country(region.country) is Country.SCOTLAND
    assert region.get_country_display() == "Scotland"
    assert Region.objects.filter(country=Country.SCOTLAND).count() == 1
    region.country = "wales"
    with pytest.raises(ValidationError) as refused:
        region.full_clean()
    assert "country" in refused.value.message_dict


def test_a_template_shows_a_member_and_its_label() -> None:
    template = Template(
        "{{ Colour.DEEP_RED }}|{{ Colour.DEEP_RED.label }}|"
        "{% if chosen == Colour.BLUE %}{{ Colour.BLUE.label }}{% endif %}|"
        "{% for code, label in Colour.choices %}{{ code }}={{ label }};{% endfor %}"
    )
    rendered = template.render(Context({"Colour": Colour, "chosen": "blue"}))
    assert rendered == "deep_red|Deep red|Blue|deep_red=Deep red;blue=Blue;sea_green=Sea green;"
