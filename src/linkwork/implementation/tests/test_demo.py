"""The demo world plants practices like the Deep End study's, and `assess` finds them.

The patient level comes from the casework part's encounters. So that this test means
something whether or not that part is present (and however sparse its encounters are), the
second check stands in one-to-one time wherever a planted practice has none: the planted
difference must then come from practice and community work, continuity and leadership alone
(NoMAD only strengthens or questions a classification)."""

from __future__ import annotations

import json
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from linkwork.demo.context import read_planted
from linkwork.demo.context_dates import PINNED_REFERENCE_DATE
from linkwork.demo.models import DemoBuild
from linkwork.episodes.models import Encounter, Referral
from linkwork.implementation import facts
from linkwork.implementation.assessment import default_period

pytestmark = pytest.mark.django_db
STAND_IN_MINUTES = 900


def assess_json(*periods: str) -> dict[tuple[str, str], dict[str, Any]]:
    out = StringIO()
    args = [arg for period in periods for arg in ("--period", period)]
    call_command("implementation", "assess", "--format", "json", *args, stdout=out)
    return {(row["practice"], row["period"]): row for row in json.loads(out.getvalue())}


def test_assess_reproduces_the_planted_classification(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.VAR_DIR = tmp_path  # planted.json goes here, not into the shared var/
    settings.LINKWORK_TODAY = PINNED_REFERENCE_DATE  # the day the demo serves its world as of
    pinned = PINNED_REFERENCE_DATE.isoformat()
    call_command("demo", "--seed", "7", "--reference-date", pinned, stdout=StringIO())
    planted = read_planted()
    wanted: dict[str, str] = planted["implementation"]
    trend: dict[str, dict[str, str]] = planted["implementation_trend"]
    background: list[str] = planted["implementation_background"]
    assert sorted(Counter(wanted.values()).items()) == [
        ("fully_integrated", 3),
        ("partially_integrated", 6),
    ]
    period = default_period()
    assert period.label == "2026-Q3"  # the quarter before the demo's reference date
    (changing,) = trend
    previous = next(label for label in trend[changing] if label != period.label)

    # This part creates no referrals or encounters: any there are came from casework, or are
    # the sessions the demo's group activities put in their attendees' episodes.
    casework = DemoBuild.objects.filter(part="casework").values_list("detail", flat=True).first()
    from_casework = Encounter.objects.filter(group_attendance__isnull=True).count()
    assert from_casework == (casework or {}).get("encounters", 0)
    if casework is None:
        assert not Referral.objects.exists()

    real = assess_json(period.label, previous)
    # Only monitored practices are assessed: the planted ones and the background ones.
    assert {p for p, _ in real} == set(wanted) | set(background)
    assert not set(wanted) & set(background)
    for practice, label in wanted.items():
        if label != "fully_integrated":
            assert real[(practice, period.label)]["classification"] != "fully_integrated"
    if casework is not None:
        # The demo chose practices with one-to-one work, so real data already match.
        assert {p: real[(p, period.label)]["classification"] for p in wanted} == wanted

    original = facts.encounter_minutes_by_practice

    def with_stand_in(**kwargs: Any) -> dict[Any, int]:
        minutes = original(**kwargs)
        for practice_id in kwargs["practice_ids"]:
            if str(practice_id) in wanted and not minutes.get(practice_id):
                minutes[practice_id] = STAND_IN_MINUTES
        return minutes

    monkeypatch.setattr(facts, "encounter_minutes_by_practice", with_stand_in)
    stood = assess_json(period.label, previous)
    got = {p: stood[(p, period.label)]["classification"] for p in wanted}
    assert got == wanted
    assert {label: stood[(changing, label)]["classification"] for label in trend[changing]} == (
        trend[changing]
    )
    why = stood[(changing, period.label)]["shortfalls"]
    assert {"uncovered_weeks", "practice_activities_90d"} <= set(why)
    # Leadership tells the stories apart: recorded and in meetings where the programme is
    # embedded; missing, not in meetings or gone where it is not.
    lead = {p: stood[(p, period.label)]["indicators"]["practice_lead"] for p in wanted}
    roles = planted_roles()
    assert {r: lead[roles[r]]["value"] for r in ("magenta", "ochre", "cyan")} == dict.fromkeys(
        ("magenta", "ochre", "cyan"), 2
    )
    assert (lead[roles["crimson"]]["value"], lead[roles["olive"]]["value"]) == (1, 0)
    assert lead[roles["new"]]["status"] == "no_data"
    # No planted practice waits on a NoMAD round any more: "new" has none to report.
    assert stood[(roles["new"], period.label)]["nomad_evidence"] == "indicators_only"
    assert stood[(roles["magenta"], period.label)]["nomad_evidence"] == "strengthened"


def planted_roles() -> dict[str, str]:
    build = DemoBuild.objects.get(part="implementation")
    roles: dict[str, str] = build.detail["practices"]
    return roles
