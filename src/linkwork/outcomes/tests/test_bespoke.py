"""Bespoke tools end to end: defined as data, recorded, scored, and kept apart."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from linkwork.outcomes.admin import BespokeInstrumentForm
from linkwork.outcomes.instrument_services import bespoke_define
from linkwork.outcomes.models import Administration, BespokeInstrument
from linkwork.outcomes.selectors import (
    due_questionnaires_for,
    outcome_changes_for_episode,
    outcome_score_rows,
    person_outcome_panel,
)
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.testing.world import PASSWORD

pytestmark = pytest.mark.django_db

DEFINITION = {
    "id": "north_confidence",
    "version": "1",
    "name": "North PCN confidence check",
    "items": [
        {"code": "coping", "label": "coping day to day", "min": 1, "max": 5},
        {"code": "connected", "label": "connected to others", "min": 1, "max": 5},
        {
            "code": "money_worry",
            "label": "worried about money",
            "min": 1,
            "max": 5,
            "reversed": True,
        },
    ],
    "scoring": "sum",
    "mic": 2,
    "bands": [{"label": "low", "low": 3, "high": 8}, {"label": "high", "low": 9, "high": 15}],
}


def define_file(tmp_path: Path, data: object, *args: str) -> str:
    path = tmp_path / "tool.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command("instruments", "define", str(path), *args, stdout=out)
    return out.getvalue()


def test_define_record_and_keep_apart(tmp_path, tools_world, make_episode, link_worker) -> None:
    scheme = tools_world.scheme
    assert define_file(tmp_path, DEFINITION, "--check") == "north_confidence version 1 is valid.\n"
    output = define_file(tmp_path, DEFINITION, "--scheme", scheme.slug)
    assert output == f"Defined north_confidence version 1 for {scheme.name}.\n"
    # The engine scores it on the command line too.
    out = StringIO()
    call_command("instruments", "score", "north_confidence", "--responses", "[4, 4, 2]", stdout=out)
    assert json.loads(out.getvalue())["total"] == 12

    referral = make_episode(sessions=1, days_ago=20)
    # The scheme's bespoke tool is scheduled by default, like its policy tools.
    due = due_questionnaires_for(user=link_worker, today=referral.received_on + timedelta(days=8))
    assert "north_confidence" in {item.instrument_id for item in due}

    client = Client()
    client.login(username="linkworker", password=PASSWORD)
    url = (
        f"/outcomes/referrals/{referral.pk}/record/?instrument=north_confidence&timepoint=baseline"
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Coping day to day" in page.content.decode()
    first = referral.received_on + timedelta(days=7)
    response = client.post(
        url,
        {
            "day": first.day,
            "month": first.month,
            "year": first.year,
            "mode": "self_completed",
            "item_coping": "2",
            "item_connected": "3",
            "item_money_worry": "4",
        },
    )
    assert response.status_code == 302
    baseline = Administration.objects.get(instrument_id="north_confidence")
    assert baseline.kind == "bespoke"
    assert baseline.bespoke_instrument is not None
    assert baseline.bespoke_instrument.version == "1"
    assert baseline.scores["total"] == 7  # 2 + 3 + (6 - 4)
    assert baseline.scores["bands"] == {"total": "low"}

    administration_record(
        referral=referral,
        actor=link_worker,
        questionnaire=Questionnaire("swemwbs", "baseline", first, "self_completed"),
        responses=[3] * 7,
    )
    administration_record(
        referral=referral,
        actor=link_worker,
        questionnaire=Questionnaire("north_confidence", "review", first, "self_completed"),
        responses=[4, 4, 2],
    )
    panel = person_outcome_panel(person=referral.person)
    kinds = {group.kind: [h.instrument_id for h in group.instruments] for group in panel.groups}
    assert kinds == {"validated": ["swemwbs"], "bespoke": ["north_confidence"]}
    rows = outcome_score_rows(scheme_ids=[scheme.pk])
    assert {(r["instrument_id"], r["kind"]) for r in rows} == {
        ("north_confidence", "bespoke"),
        ("swemwbs", "validated"),
    }
    (change,) = outcome_changes_for_episode(referral=referral)
    assert (change["instrument"], change["change"], change["classification"]) == (
        "north_confidence",
        5,
        "improved",
    )
    assert change["kind"] == "bespoke"


def test_a_changed_tool_needs_a_new_version(tools_world, link_worker) -> None:
    scheme = tools_world.scheme
    first = bespoke_define(scheme=scheme, data=DEFINITION, actor=None)
    assert bespoke_define(scheme=scheme, data=DEFINITION, actor=None) == first
    changed = {**DEFINITION, "mic": 3}
    with pytest.raises(Exception, match="new version"):
        bespoke_define(scheme=scheme, data=changed, actor=None)
    second = bespoke_define(scheme=scheme, data={**changed, "version": "2"}, actor=None)
    first.refresh_from_db()
    assert (first.active, second.active) == (False, True)
    # Another scheme cannot take the same id.
    with pytest.raises(Exception, match="another scheme"):
        bespoke_define(
            scheme=tools_world.scot_scheme, data={**DEFINITION, "version": "9"}, actor=None
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**DEFINITION, "id": "phq9"}, "id: 'phq9' is reserved for a built-in instrument"),
        ({**DEFINITION, "scoring": "median"}, "scoring: must be one of: sum, mean, per_domain"),
        (
            {**DEFINITION, "bands": [{"label": "x", "low": 1, "high": 20}]},
            "falls outside the valid range 3-15",
        ),
        ({k: v for k, v in DEFINITION.items() if k != "items"}, "items: is required"),
    ],
)
def test_invalid_definitions_are_refused_naming_the_field(
    tmp_path, tools_world, data, message
) -> None:
    with pytest.raises(CommandError) as caught:
        define_file(tmp_path, data, "--scheme", tools_world.scheme.slug)
    assert message in str(caught.value)
    assert not BespokeInstrument.objects.exists()


def test_the_admin_form_validates_against_the_schema(tools_world) -> None:
    bad = BespokeInstrumentForm(
        data={
            "scheme": tools_world.scheme.pk,
            "definition": json.dumps({**DEFINITION, "mic": 0}),
            "active": "on",
        }
    )
    assert not bad.is_valid()
    assert "mic: must be greater than 0; got 0" in bad.errors["definition"][0]
    good = BespokeInstrumentForm(
        data={"scheme": tools_world.scheme.pk, "definition": json.dumps(DEFINITION), "active": "on"}
    )
    assert good.is_valid(), good.errors
    assert good.validated.id == "north_confidence"


def test_the_admin_saves_a_definition(tools_world, client) -> None:
    client.login(username="sysadmin", password=PASSWORD)
    response = client.post(
        "/admin/outcomes/bespokeinstrument/add/",
        {"scheme": tools_world.scheme.pk, "definition": json.dumps(DEFINITION), "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = BespokeInstrument.objects.get()
    assert (row.instrument_id, row.version, row.name) == (
        "north_confidence",
        "1",
        "North PCN confidence check",
    )


def test_a_deeply_nested_or_huge_definition_file_is_refused(tmp_path, tools_world) -> None:
    from linkwork.outcomes.scoring.limits import MAX_FILE_BYTES

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match="nests too deeply"):
        call_command("instruments", "define", str(deep), "--check", stdout=StringIO())
    huge = tmp_path / "huge.json"
    huge.write_text(" " * (MAX_FILE_BYTES + 1) + "{}")
    with pytest.raises(CommandError, match="at most 1,048,576"):
        call_command("instruments", "define", str(huge), "--check", stdout=StringIO())
    assert not BespokeInstrument.objects.exists()


def test_an_item_maximum_of_a_trillion_is_refused(tmp_path, tools_world) -> None:
    first_item = dict(DEFINITION["items"][0])  # type: ignore[index]
    data = {**DEFINITION, "items": [{**first_item, "max": 10**12}]}
    with pytest.raises(CommandError, match=r"items\[0\]\.max: must be at most 1000"):
        define_file(tmp_path, data, "--scheme", tools_world.scheme.slug)
    assert not BespokeInstrument.objects.exists()
