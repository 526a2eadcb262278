"""Every table holding a person's data carries its scheme directly, so that the data can be
sharded on the scheme (docs/scaling.md) without joining to find where a row belongs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.db import models

from linkwork.organisations.models import Scheme
from linkwork.people.models import Person
from linkwork.people.person_graph import (
    WITHOUT_SCHEME_FK,
    carries_scheme,
    person_tables,
    tables_without_scheme,
)


def test_every_person_table_carries_its_scheme() -> None:
    assert tables_without_scheme() == []


def test_corrections_and_summaries_carry_it_too() -> None:
    labels = {table.label: table.model for table in person_tables()}
    assert carries_scheme(labels["people.PersonCorrection"])
    assert carries_scheme(labels["episodes.EpisodeSummary"])


def test_each_excused_table_says_why_and_still_names_the_scheme() -> None:
    for label, reason in WITHOUT_SCHEME_FK.items():
        assert reason.strip(), label
        assert apps.get_model(label)._meta.get_field("scheme_id"), label


@pytest.fixture
def temporary_models() -> Iterator[list[type[models.Model]]]:
    """Models declared during a test, removed from the registry afterwards."""
    made: list[type[models.Model]] = []
    yield made
    for model in made:
        del apps.all_models["people"][str(model._meta.model_name)]
    apps.clear_cache()


def _declare(name: str, made: list[type[models.Model]], **fields: models.Field) -> None:
    meta = type("Meta", (), {"app_label": "people"})
    made.append(type(name, (models.Model,), {"__module__": __name__, "Meta": meta, **fields}))


def test_a_new_person_table_without_the_scheme_is_flagged(
    temporary_models: list[type[models.Model]],
) -> None:
    _declare(
        "HousingNote",
        temporary_models,
        person=models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+"),
    )
    assert tables_without_scheme() == ["people.HousingNote"]


def test_an_optional_scheme_is_not_enough(temporary_models: list[type[models.Model]]) -> None:
    _declare(
        "BenefitNote",
        temporary_models,
        person=models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+"),
        scheme=models.ForeignKey(Scheme, on_delete=models.PROTECT, null=True, related_name="+"),
    )
    assert tables_without_scheme() == ["people.BenefitNote"]


def test_a_new_person_table_with_the_scheme_passes(
    temporary_models: list[type[models.Model]],
) -> None:
    _declare(
        "DebtNote",
        temporary_models,
        person=models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+"),
        scheme=models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="+"),
    )
    assert tables_without_scheme() == []
