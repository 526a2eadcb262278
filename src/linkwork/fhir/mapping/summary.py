"""The end-of-episode summary as a FHIR document Bundle, for the practice's record.

Built from a written summary version exactly as it was stored (`EpisodeSummary.content`), so
the document says what the page and the PDF said. Sections follow the PRSB social prescribing
standard's headings; SNOMED CT events and questionnaire scores are Observations; each
connection is a ServiceRequest with the Task saying how it ended."""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from linkwork.episodes.vocab import ConnectionStatus
from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.validate import validated

_STATUS_CODES = {label: code for code, label in ConnectionStatus.choices}


def _urn(summary_id: str, name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{summary_id}/{name}')}"


def _iso(words: object) -> str | None:
    """A date the summary spells out ("10 December 1960") as FHIR's YYYY-MM-DD."""
    try:
        # A date spelled out carries no time, so no time zone either.
        return datetime.strptime(str(words), "%d %B %Y").date().isoformat()  # noqa: DTZ007
    except ValueError:
        return None


def _div(lines: Sequence[str]) -> dict[str, str]:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line) or "<p>None</p>"
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def _section(
    code: str, title: str, lines: Sequence[str], entries: Sequence[str] = ()
) -> dict[str, Any]:
    section: dict[str, Any] = {
        "title": title,
        "code": {"coding": [{"system": systems.SECTION, "code": code, "display": title}]},
        "text": _div(lines),
    }
    if entries:
        section["entry"] = [{"reference": ref} for ref in entries]
    return section


def summary_document(
    content: Mapping[str, Any],
    *,
    summary_id: str,
    version: int,
    written_at: datetime,
    practice_ods: str = "",
    amendment_reason: str = "",
) -> dict[str, Any]:
    """The validated document Bundle (FHIR R4 JSON as a dict) for one written version."""
    urn = lambda name: _urn(summary_id, name)  # noqa: E731 - one summary's entry names
    person = content.get("person", {})
    subject = {"reference": urn("patient"), "display": str(person.get("name", ""))}
    entries: list[tuple[str, dict[str, Any]]] = []

    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "name": [{"text": str(person.get("name", ""))}],
    }
    if person.get("nhs_number"):
        patient["identifier"] = [{"system": systems.NHS_NUMBER, "value": person["nhs_number"]}]
    if _iso(person.get("date_of_birth")):
        patient["birthDate"] = _iso(person.get("date_of_birth"))
    scheme: dict[str, Any] = {
        "resourceType": "Organization",
        "name": str(content.get("scheme", "")),
    }
    entries += [(urn("patient"), patient), (urn("scheme"), scheme)]

    practice: dict[str, Any] = {"display": str(content.get("practice", ""))}
    if practice_ods:
        practice["identifier"] = {"system": systems.ODS_CODE, "value": practice_ods}
    referral: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "completed",
        "intent": "order",
        "code": systems.social_prescribing_referral(),
        "subject": subject,
        "reasonCode": [{"text": str(reason)} for reason in content.get("reasons", [])],
        "performer": [{"reference": urn("scheme")}],
    }
    if practice["display"] or practice_ods:
        referral["requester"] = practice
    if _iso(content.get("received_on")):
        referral["authoredOn"] = _iso(content.get("received_on"))
    if content.get("reason_text"):
        referral["note"] = [{"text": str(content["reason_text"])}]
    entries.append((urn("referral"), referral))

    connection_refs: list[str] = []
    connection_lines: list[str] = []
    for index, connection in enumerate(content.get("connections", [])):
        name, kind = str(connection.get("name", "")), str(connection.get("kind", ""))
        label = str(connection.get("status", ""))
        request_urn, task_urn = urn(f"connection/{index}"), urn(f"connection/{index}/task")
        entries.append(
            (
                request_urn,
                {
                    "resourceType": "ServiceRequest",
                    "status": "completed",
                    "intent": "order",
                    "category": [{"text": kind}],
                    "code": {"text": name},
                    "subject": subject,
                },
            )
        )
        entries.append(
            (
                task_urn,
                {
                    "resourceType": "Task",
                    "status": _STATUS_CODES.get(label, "completed"),
                    "businessStatus": {"text": label},
                    "intent": "order",
                    "focus": {"reference": request_urn},
                    "for": subject,
                },
            )
        )
        connection_refs += [request_urn, task_urn]
        connection_lines.append(f"{name} ({kind.lower()}): {label.lower()}")

    outcome_refs: list[str] = []
    outcome_lines: list[str] = []
    for g, group in enumerate(content.get("outcomes", [])):
        for n, line in enumerate(group.get("lines", [])):
            ref = urn(f"outcome/{g}/{n}")
            title = f"{group.get('name', '')}: {line.get('label', '')}"
            entries.append(
                (
                    ref,
                    {
                        "resourceType": "Observation",
                        "status": "final",
                        "category": [
                            {
                                "coding": [
                                    {
                                        "system": "http://terminology.hl7.org/CodeSystem/"
                                        "observation-category",
                                        "code": "survey",
                                    }
                                ]
                            }
                        ],
                        "code": {"text": title},
                        "subject": subject,
                        "valueString": str(line.get("text", "")),
                    },
                )
            )
            outcome_refs.append(ref)
            outcome_lines.append(f"{title}: {line.get('text', '')}")

    code_refs: list[str] = []
    for index, coded in enumerate(content.get("snomed_codes", [])):
        ref = urn(f"snomed/{index}")
        entries.append(
            (
                ref,
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {
                        "coding": [
                            {
                                "system": systems.SNOMED,
                                "code": str(coded.get("code")),
                                "display": str(coded.get("label", "")),
                            }
                        ]
                    },
                    "subject": subject,
                },
            )
        )
        code_refs.append(ref)

    goals = [
        f"{g.get('description', '')}: {str(g.get('status', '')).lower()}"
        for g in content.get("goals", [])
    ]
    sessions = int(content.get("sessions", 0) or 0)
    gains = int(content.get("gains_pence", 0) or 0)
    ending = str(content.get("status", ""))
    if content.get("discharge_reason"):
        ending += f": {content['discharge_reason']}"
    if content.get("closed_on"):
        ending += f" on {content['closed_on']}"
    sections = [
        _section(
            "referral",
            "Referral details",
            [
                f"Referred on {content.get('received_on', '')}"
                + (f" by {content['practice']}" if content.get("practice") else ""),
                "Reasons: " + "; ".join(str(r) for r in content.get("reasons", [])),
                str(content.get("reason_text", "")),
            ],
            [urn("referral")],
        ),
        _section(
            "what-matters",
            "What matters to me",
            [str(content.get("what_matters") or "Not recorded")],
        ),
        _section(
            "support-plan",
            "Personalised care and support plan",
            [f"{sessions} session{'s' if sessions != 1 else ''}", *goals],
        ),
        _section(
            "connections",
            "Social prescribing referrals and connections",
            connection_lines,
            connection_refs,
        ),
        _section("outcome-measures", "Outcome measures", outcome_lines, outcome_refs),
        _section("financial", "Financial gains", [f"£{gains / 100:,.2f}"]),
        _section(
            "discharge",
            "Discharge details",
            [
                ending,
                *(
                    f"{c.get('label')} (SNOMED CT {c.get('code')})"
                    for c in content.get("snomed_codes", [])
                ),
            ],
            code_refs,
        ),
    ]
    composition: dict[str, Any] = {
        "resourceType": "Composition",
        "identifier": {"system": systems.UUID_URN, "value": urn("composition")},
        "status": "amended" if version > 1 else "final",
        "type": {
            "coding": [
                {
                    "system": systems.SNOMED,
                    "code": systems.SNOMED_SUMMARY_REPORT,
                    "display": "Summary report",
                }
            ],
            "text": "Social prescribing end-of-episode summary",
        },
        "subject": subject,
        "date": written_at.isoformat(),
        "author": [{"reference": urn("scheme")}],
        "custodian": {"reference": urn("scheme")},
        "title": f"Social prescribing summary (version {version})",
        "section": sections,
    }
    if amendment_reason:
        sections.append(_section("amendment", "Why this version was amended", [amendment_reason]))
    bundle = {
        "resourceType": "Bundle",
        "identifier": {
            "system": systems.UUID_URN,
            "value": _urn(summary_id, f"document/{version}"),
        },
        "type": "document",
        "timestamp": written_at.isoformat(),
        "entry": [{"fullUrl": urn("composition"), "resource": composition}]
        + [{"fullUrl": ref, "resource": resource} for ref, resource in entries],
    }
    return validated(bundle, "Bundle")
