from __future__ import annotations

import json

import pytest

from linkwork.organisations.selectors import scheme_get, scheme_tidier
from linkwork.organisations.services import scheme_policy_set
from linkwork.organisations.tidier import TIDIER_ITEMS, render_json, render_markdown
from linkwork.testing.world import SmallWorld, default_policy

pytestmark = pytest.mark.django_db


def items_by_key(world: SmallWorld) -> dict[str, str]:
    return {item.key: item.text for item in scheme_tidier(scheme_get(key=world.scheme.slug))}


def test_description_has_all_twelve_items_and_voice(world: SmallWorld) -> None:
    items = scheme_tidier(scheme_get(key=world.scheme.slug))
    assert [i.number for i in items] == [str(n) for n in range(1, 13)] + ["voice"]
    assert [i.key for i in items if i.generated] == [
        "who_provided",
        "how",
        "where",
        "when_and_how_much",
        "tailoring",
        # Written from the fidelity data the evaluation app gathers.
        "how_well_planned",
        "how_well_actual",
    ]
    assert len(items) == len(TIDIER_ITEMS) == 13


def test_generated_items_follow_the_policy(world: SmallWorld) -> None:
    before = items_by_key(world)
    assert "Up to 6 sessions" in before["when_and_how_much"]
    assert "Ages: adults only (18 and over)." in before["tailoring"]
    assert (
        (before["where"])
        == "1 GP practice in North PCN (Testshire), with 9,000 registered patients."
    )
    assert "delivery model 1" in before["who_provided"]

    scheme_policy_set(
        scheme=world.scheme,
        policy=default_policy(
            session_cap=None,
            age_band="over_50",
            rereferral_min_gap_days=90,
            home_visits=True,
            priority_groups=("frailty",),
        ),
    )
    after = items_by_key(world)
    assert after["when_and_how_much"] == (
        "No fixed limit on the number of sessions. A person can be referred again 90 days "
        "after their last episode ended."
    )
    assert "50 and over" in after["tailoring"]
    assert "Frailty" in after["tailoring"]
    assert "home visit" in after["how"]


def test_exports_in_markdown_and_json(world: SmallWorld) -> None:
    scheme = scheme_get(key=world.scheme.slug)
    items = scheme_tidier(scheme)
    markdown = render_markdown(scheme.name, items)
    assert markdown.startswith("# TIDieR description: North PCN link workers")
    assert "## 8. When and how much" in markdown
    assert "## Voice" in markdown
    payload = json.loads(render_json(scheme.name, str(scheme.pk), items))
    assert payload["scheme_id"] == str(scheme.pk)
    assert payload["items"][0] == {
        "number": "1",
        "key": "brief_name",
        "title": "Brief name",
        "text": "North PCN link workers",
        "generated": False,
    }
