from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("registry", *args, stdout=out)
    return out.getvalue()


def test_summary_json_counts_units_per_model(world: SmallWorld) -> None:
    payload = json.loads(run("summary", "--format", "json"))
    assert payload == {
        "regions": [
            {
                "region": "Testshire",
                "country": "England",
                "unit": "PCN",
                "models": {"1": 1, "2": 0, "3": 0, "4": 0},
            },
            {
                "region": "Test Glen",
                "country": "Scotland",
                "unit": "HSCP",
                "models": {"1": 0, "2": 0, "3": 1, "4": 0},
            },
        ]
    }


def test_summary_table_mentions_units_without_a_scheme(world: SmallWorld) -> None:
    table = run("summary")
    assert "Testshire" in table
    assert "(1 without a classified scheme)" in table


def test_tidier_by_slug_in_both_formats(world: SmallWorld) -> None:
    assert run("tidier", world.scheme.slug).startswith("# TIDieR description")
    payload = json.loads(run("tidier", str(world.scheme.pk), "--format", "json"))
    assert payload["scheme"] == "North PCN link workers"


def test_unknown_scheme_is_a_clear_error(world: SmallWorld) -> None:
    with pytest.raises(CommandError, match="No scheme has the slug or id 'nowhere'"):
        run("tidier", "nowhere")
