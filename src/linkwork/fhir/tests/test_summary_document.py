"""`summary_document`: a written summary as a FHIR document Bundle, pure, for MESH."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fhir.resources.R4B.bundle import Bundle

from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.summary import summary_document

CONTENT = {
    "person": {
        "name": "Ada Lovelace",
        "date_of_birth": "10 December 1960",
        "nhs_number": "9434765919",
        "chi_number": "",
    },
    "scheme": "North PCN link workers",
    "practice": "Mill Street Surgery",
    "received_on": "1 November 2026",
    "reasons": ["Loneliness or isolation"],
    "reason_text": "Lives alone <since> spring",
    "what_matters": "Getting out to the allotment",
    "sessions": 3,
    "goals": [{"description": "Join a walking group", "status": "Achieved"}],
    "connections": [
        {"name": "Friendship café", "kind": "Referral", "status": "Completed"},
        {"name": "Walking group", "kind": "Signposting", "status": "Declined by the service"},
    ],
    "gains_pence": 12500,
    "outcomes": [
        {
            "name": "ONS4",
            "lines": [{"label": "Life satisfaction", "text": "5 to 8 (up 3)"}],
        }
    ],
    "status": "Discharged",
    "discharge_reason": "Goals met",
    "closed_on": "1 December 2026",
    "snomed_codes": [
        {"code": "871731000000106", "label": "Referred to social prescribing service"}
    ],
}

WRITTEN = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)


def _document(**extra: object) -> dict[str, object]:
    return summary_document(CONTENT, summary_id="s-1", version=1, written_at=WRITTEN, **extra)  # type: ignore[arg-type]


def test_the_document_is_valid_and_says_what_the_summary_said() -> None:
    document = _document(practice_ods="A81001")
    Bundle.model_validate(document)
    entries = document["entry"]
    assert isinstance(entries, list)
    composition = entries[0]["resource"]
    assert composition["status"] == "final"
    assert composition["type"]["coding"][0]["system"] == systems.SNOMED
    resources = [e["resource"] for e in entries]
    kinds = [r["resourceType"] for r in resources]
    assert kinds.count("Task") == 2
    statuses = [r["status"] for r in resources if r["resourceType"] == "Task"]
    assert statuses == ["completed", "rejected"]
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    assert patient["birthDate"] == "1960-12-10"
    scores = [r for r in resources if r["resourceType"] == "Observation" and "valueString" in r]
    assert scores[0]["valueString"] == "5 to 8 (up 3)"
    referral = next(r for r in resources if r["resourceType"] == "ServiceRequest")
    assert referral["requester"]["identifier"]["value"] == "A81001"
    # Words from the record are escaped in the narrative, never taken as markup.
    assert "&lt;since&gt;" in str(composition["section"][0]["text"]["div"])


def test_every_reference_resolves_inside_the_document() -> None:
    document = _document()
    urls = {e["fullUrl"] for e in document["entry"]}  # type: ignore[attr-defined]
    text = str(document)
    references = set(re.findall(r"'reference': '([^']+)'", text))
    assert references <= urls


def test_the_same_version_gives_the_same_document() -> None:
    assert _document() == _document()
    amended = summary_document(
        CONTENT, summary_id="s-1", version=2, written_at=WRITTEN, amendment_reason="Typo"
    )
    assert amended["entry"][0]["resource"]["status"] == "amended"
    assert amended["identifier"] != _document()["identifier"]
