"""A practice's deprivation comes from its registered patients' areas where a practice-population
file is loaded for it, and from its premises' postcode otherwise, saying which."""

from __future__ import annotations

import pytest
from django.utils import timezone

from linkwork.evaluation.analysis.activity import practice_deprivation_sources
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.dataset.extract import ExportFilters, extract
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, new_key
from linkwork.evaluation.report.html import practice_deprivation_note
from linkwork.lookups.models import AreaDeprivation, PostcodeLookup
from linkwork.lookups.services import PRACTICE_POPULATION_SAMPLES, lookup_load, lookup_load_samples
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def practice_rows(world: SmallWorld) -> dict[str, dict[str, object]]:
    tables = extract(ExportFilters(), pseudonymiser=Pseudonymiser(new_key())).tables
    return {row["practice_name"]: row for row in tables["practices"].iter_rows(named=True)}


def test_registered_patients_first_then_the_premises_postcode(world: SmallWorld) -> None:
    lookup_load_samples()
    lookup_load(kind="practice-populations", path=PRACTICE_POPULATION_SAMPLES["england"])
    # The English practice is in the loaded file; the Scottish one is not, but its premises'
    # postcode is in the postcode lookup.
    world.practice.code = "P90001"
    world.practice.save()
    scottish = PostcodeLookup.objects.filter(country="scotland").order_by("postcode").first()
    assert scottish is not None
    world.scot_practice.postcode = scottish.postcode
    world.scot_practice.save()
    premises_area = AreaDeprivation.objects.get(area_code=scottish.small_area_code)

    rows = practice_rows(world)
    registered = rows[world.practice.name]
    assert registered["deprivation_source"] == "registered_patients"
    assert registered["deprivation_quintile"] == 1
    assert registered["deep_end_share"] == 100.0
    premises = rows[world.scot_practice.name]
    assert premises["deprivation_source"] == "premises_postcode"
    assert premises["deprivation_quintile"] == premises_area.quintile
    assert premises["deep_end_share"] is None

    data = EvaluationData(
        tables=extract(ExportFilters(), pseudonymiser=Pseudonymiser(new_key())).tables,
        reference_date=timezone.localdate(),
    )
    sources = practice_deprivation_sources(data)
    assert sources == {"registered_patients": 1, "premises_postcode": 1}
    assert practice_deprivation_note(sources) == (
        " (quintile from registered patients' areas for 1 practice; from the practice "
        "premises' postcode for 1 practice)"
    )


def test_without_either_the_practice_has_no_deprivation(world: SmallWorld) -> None:
    rows = practice_rows(world)
    assert rows[world.practice.name]["deprivation_quintile"] is None
    assert rows[world.practice.name]["deprivation_source"] is None
