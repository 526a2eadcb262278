"""TIDieR items 11 and 12 written from fidelity facts handed to the pure builder."""

from __future__ import annotations

from dataclasses import replace

from linkwork.organisations.tidier import (
    Completion,
    Fidelity,
    ScheduledQuestionnaire,
    TidierFacts,
    build_description,
    render_markdown,
)

FACTS = TidierFacts(
    scheme_name="Riverside link workers",
    region_name="Testshire",
    commissioner="Testshire ICB",
    employer="Riverside Community Links",
    employer_kind="VCSE",
    managers=("Riverside Community Links",),
    delivery_model=3,
    delivery_model_name="Commissioned VCSE employs and manages",
    practice_count=4,
    unit_names=("North PCN",),
    registered_patients=32_000,
    age_range="adults only",
    priority_groups=(),
    accepted_sources=("gp",),
    session_cap=6,
    at_risk_exception=True,
    rereferral_min_gap_days=0,
    exclusions=(),
    home_visits=False,
    accompaniment="if_needed",
    outcome_tools=("swemwbs",),
)

FIDELITY = Fidelity(
    questionnaires=(
        ScheduledQuestionnaire("SWEMWBS", "Baseline", "at session 1"),
        ScheduledQuestionnaire("SWEMWBS", "Follow-up", "91 days after discharge"),
        ScheduledQuestionnaire("ONS4", "Discharge", "at discharge"),
    ),
    practices_served=4,
    episodes_with_sessions=40,
    episodes_within_cap=30,
    median_sessions=4,
    baseline=Completion(done=34, due=40),
    follow_up=Completion(done=5, due=20),
    follow_up_days=91,
    integration_period="2026-Q3",
    practices_by_class=(
        ("Fully integrated", 1),
        ("Partially integrated", 2),
        ("Not yet assessable", 1),
    ),
)


def items(facts: TidierFacts = FACTS, fidelity: Fidelity | None = FIDELITY, **notes: str) -> dict:
    return {item.key: item for item in build_description(facts, notes, fidelity)}


def test_item_11_states_the_planned_fidelity() -> None:
    planned = items()["how_well_planned"]
    assert planned.generated
    assert planned.text == (
        "Sessions: up to 6 sessions per episode, with people at risk kept on past the cap.\n"
        "Questionnaires: SWEMWBS: baseline at session 1 and follow-up 91 days after discharge; "
        "ONS4: at discharge.\n"
        "Integration target: all 4 practices served fully integrated, with link work at the "
        "patient, practice and community levels."
    )


def test_item_12_states_the_measured_fidelity() -> None:
    actual = items()["how_well_actual"]
    assert actual.generated
    assert actual.text == (
        "Sessions: 30 of 40 (75%) episodes with a session stayed within the cap of 6.\n"
        "Questionnaires: baseline completed in 34 of 40 (85%) episodes with a session; "
        "follow-up completed in 5 of 20 (25%) episodes discharged at least 91 days ago.\n"
        "Integration (2026-Q3): 1 fully integrated, 2 partially integrated and 1 not yet "
        "assessable."
    )


def test_the_schemes_own_notes_follow_the_measured_fidelity() -> None:
    actual = items(how_well_actual="Two link workers left in the spring.")["how_well_actual"]
    assert actual.text.startswith("Sessions: 30 of 40")
    assert actual.text.endswith("\n\nNotes: Two link workers left in the spring.")


def test_without_a_cap_the_median_is_given_instead() -> None:
    no_cap = replace(FACTS, session_cap=None)
    text = items(no_cap)["how_well_actual"].text
    assert text.startswith(
        "Sessions: no cap is set; 40 episodes with a session had a median of 4 sessions."
    )
    assert "no cap is set" in items(no_cap)["how_well_planned"].text


def test_nothing_measured_yet_is_said_plainly() -> None:
    empty = replace(
        FIDELITY,
        questionnaires=(),
        episodes_with_sessions=0,
        episodes_within_cap=0,
        median_sessions=None,
        baseline=Completion(0, 0),
        follow_up=None,
        follow_up_days=None,
        practices_by_class=(("Fully integrated", 0),),
    )
    described = items(fidelity=empty)
    assert "Questionnaires: none is scheduled." in described["how_well_planned"].text
    assert described["how_well_actual"].text == (
        "Sessions: no episode has had a session yet.\n"
        "Questionnaires: no baseline was due yet; no follow-up is scheduled.\n"
        "Integration (2026-Q3): no practice assessed."
    )


def test_without_fidelity_facts_items_11_and_12_stay_free_text() -> None:
    described = items(fidelity=None, how_well_planned="Planned in the contract.")
    assert described["how_well_planned"].text == "Planned in the contract."
    assert not described["how_well_planned"].generated
    assert described["how_well_actual"].text == ""


def test_markdown_says_items_11_and_12_are_measured() -> None:
    text = render_markdown("Riverside", build_description(FACTS, {}, FIDELITY))
    planned = text.split("## 11. How well: planned")[1].split("## 12.")[0]
    assert "_Measured from the scheme's records._" in planned
    assert "registry settings" not in planned
    assert "_Generated from the scheme's registry settings._" in text.split("## 6. How")[1]
