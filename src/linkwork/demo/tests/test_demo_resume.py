"""A demo build killed part-way and run again builds the same world as one run straight through,
and planted.json always describes the data that is there."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from linkwork.demo import context
from linkwork.demo.context import DemoPart, read_planted
from linkwork.demo.models import DemoBuild

PINNED = date(2026, 10, 31)


class KilledError(Exception):
    """Stands in for the process being killed while a part is being written."""


def demo(*args: str) -> None:
    # A fiftieth of the demo: resuming is about which parts are built, not how much.
    call_command("demo", "--scale", "0.02", "--seed", "31", *args, stdout=StringIO())


def counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model is not DemoBuild and model._meta.app_label not in {"sessions", "admin"}
    }


def killed_during(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The part writes everything, then the process dies before its transaction commits."""
    context.registered_parts()
    part = context._PARTS[name]

    def build_then_die(ctx: Any) -> None:
        part.build(ctx)
        raise KilledError(name)

    monkeypatch.setitem(context._PARTS, name, DemoPart(name, part.order, build_then_die))


# The world is emptied between builds as a real run's --reset does, outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_resumed_build_is_the_same_world(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.VAR_DIR = tmp_path
    settings.LINKWORK_TODAY = PINNED
    demo("--reset")
    straight, planted = counts(), read_planted()
    assert planted["outcomes"]
    assert planted["implementation"]

    for victim, first in (("casework", "--reset"), ("implementation", "")):
        with monkeypatch.context() as patch:
            killed_during(patch, victim)
            with pytest.raises(KilledError):
                demo(*filter(None, [first]))
        assert not DemoBuild.objects.filter(part=victim).exists()
    # Resumed the next day: the world keeps the day it was begun as of.
    settings.LINKWORK_TODAY = PINNED + timedelta(days=1)
    demo()
    assert counts() == straight
    assert read_planted() == planted


@pytest.mark.django_db
def test_a_part_draws_from_its_own_stream(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.VAR_DIR = tmp_path

    def drawing(times: int) -> Any:
        def build(ctx: context.DemoContext) -> dict[str, Any]:
            return {"draws": [ctx.rng.random() for _ in range(times)]}

        return build

    seen = []
    for times in (1, 40):
        DemoBuild.objects.all().delete()
        parts = [DemoPart("first", 1, drawing(times)), DemoPart("second", 2, drawing(3))]
        monkeypatch.setattr(context, "registered_parts", lambda parts=parts: parts)
        context.build_world(context.DemoContext(seed=5, log=lambda line: None))
        seen.append(DemoBuild.objects.get(part="second").detail["draws"])
    assert seen[0] == seen[1]
