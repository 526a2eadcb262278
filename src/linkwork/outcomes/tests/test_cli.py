"""`linkwork instruments list|score`: the engine on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.outcomes.scoring import SWEMWBS_CONVERSION

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("instruments", *args, stdout=out)
    return out.getvalue()


def scored(instrument: str, responses: object) -> dict[str, object]:
    return json.loads(run("score", instrument, "--responses", json.dumps(responses)))


def refusal(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 1
    return str(caught.value)


def test_list_shows_every_built_in() -> None:
    table = run("list")
    for instrument in ("ons4", "wemwbs", "swemwbs", "ucla3", "phq9", "gad7", "pam", "eq5d5l"):
        assert f"\n{instrument} " in table
    listed = json.loads(run("list", "--format", "json"))["instruments"]
    swemwbs = next(i for i in listed if i["id"] == "swemwbs")
    assert swemwbs["kind"] == "validated"
    assert swemwbs["score_range"] == [7.0, 35.0]
    assert [item["code"] for item in swemwbs["items"]][:2] == ["optimistic", "useful"]
    assert next(i for i in listed if i["id"] == "mycaw")["kind"] == "licensed"


@pytest.mark.parametrize(
    ("instrument", "responses", "expected"),
    [
        (
            "ons4",
            {"life_satisfaction": 7, "worthwhile": 8, "happiness": 5, "anxiety": 3},
            {
                "instrument": "ons4",
                "version": "1",
                "total": None,
                "metric": None,
                "items": {"life_satisfaction": 7, "worthwhile": 8, "happiness": 5, "anxiety": 3},
                "bands": {
                    "life_satisfaction": "High",
                    "worthwhile": "High",
                    "happiness": "Medium",
                    "anxiety": "Low",
                },
                "flags": [],
            },
        ),
        (
            "wemwbs",
            [3] * 14,
            {
                "instrument": "wemwbs",
                "version": "1",
                "total": 42,
                "metric": None,
                "bands": {},
                "flags": [],
            },
        ),
        (
            "swemwbs",
            [1, 2, 3, 4, 5, 4, 3],
            {
                "instrument": "swemwbs",
                "version": "1",
                "total": 22,
                "metric": 19.98,
                "bands": {},
                "flags": [],
            },
        ),
        (
            "ucla3",
            [1, 2, 3],
            {
                "instrument": "ucla3",
                "version": "1",
                "total": 6,
                "metric": None,
                "bands": {},
                "flags": [],
            },
        ),
        (
            "phq9",
            [0, 1, 2, 1, 0, 0, 1, 0, 1],
            {
                "instrument": "phq9",
                "version": "1",
                "total": 6,
                "metric": None,
                "bands": {"total": "mild"},
                "flags": ["risk"],
            },
        ),
        (
            "gad7",
            [3, 3, 3, 3, 3, 3, 3],
            {
                "instrument": "gad7",
                "version": "1",
                "total": 21,
                "metric": None,
                "bands": {"total": "severe"},
                "flags": [],
            },
        ),
        (
            "pam",
            {"score": 55.5, "level": 3},
            {
                "instrument": "pam",
                "version": "1",
                "total": None,
                "metric": None,
                "subscores": {"score": 55.5, "level": 3},
                "bands": {},
                "flags": [],
            },
        ),
    ],
)
def test_score_prints_one_json_object(instrument: str, responses: object, expected: dict) -> None:
    output = run("score", instrument, "--responses", json.dumps(responses))
    assert output.count("\n") == 1
    result = json.loads(output)
    assert result == expected
    assert list(result) == list(expected)  # keys in the documented order


@pytest.mark.parametrize(("raw", "metric"), sorted(SWEMWBS_CONVERSION.items()))
def test_every_swemwbs_conversion_value_on_the_command_line(raw: int, metric: float) -> None:
    answers = [1] * 7
    remaining = raw - 7
    for index in range(7):
        step = min(4, remaining)
        answers[index] += step
        remaining -= step
    result = scored("swemwbs", answers)
    assert (result["total"], result["metric"]) == (raw, metric)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("phq9", "[0,0,0,0,0,0,0,0,4]"),
            "Item 'q9' must be a whole number from 0 to 3; got 4.",
        ),
        (
            ("swemwbs", '{"optimistic": 6}'),
            "Item 'optimistic' must be a whole number from 1 to 5; got 6.",
        ),
        (("ons4", '{"mood": 3}'), "Unknown item 'mood' for ons4"),
        (("gad7", "[1, 2]"), "gad7 has 7 items; got 2 responses."),
        (("ucla3", "[1, 2,"), "--responses is not valid JSON"),
        (("wemwbs", '"lots"'), "Responses must be a list in item order or a mapping"),
        (("PHQ9", "[]"), "Instrument ids are lower case: try 'phq9'."),
        (("nope", "[]"), "Unknown instrument 'nope'."),
        (
            ("swemwbs", "[3, 3, 3, 3, 3, null, null]"),
            "swemwbs needs every item answered; unanswered: close_to_others, own_mind.",
        ),
        (
            ("phq9", "[0, 0, 0, 0, null, null, 0, 0, 2]"),
            "Flags raised all the same: risk.",
        ),
    ],
)
def test_bad_input_is_rejected_with_the_item_and_range(args: tuple[str, str], message: str) -> None:
    instrument, responses = args
    assert message in refusal("score", instrument, "--responses", responses)


def test_the_real_command_exits_non_zero() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "linkwork.config.settings.test"
    base = [sys.executable, "-m", "linkwork", "instruments", "score"]
    bad = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*base, "phq9", "--responses", "[0,0,0,0,0,0,0,0,4]"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert bad.returncode == 1
    assert "Item 'q9' must be a whole number from 0 to 3; got 4." in bad.stderr
    good = subprocess.run(  # noqa: S603
        [*base, "swemwbs", "--responses", "[1,2,3,4,5,4,3]"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["metric"] == 19.98


def test_help_documents_the_wording_file_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        call_command("instruments", "load-wording", "--help")
    text = capsys.readouterr().out
    assert '"format": "linkwork-wording/1"' in text
    assert "every item of the instrument needs its text" in text
