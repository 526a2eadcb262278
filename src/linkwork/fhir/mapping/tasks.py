"""Tasks: the status of a referral (for its referrer) and of each connection to a listed
service (for the provider that owns it), in the HL7 Gravity closed-loop pattern: a
ServiceRequest says what is asked, its Task says where it stands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.validate import validated

# An episode's status as the referral's Task status; the exact status is its businessStatus.
_REFERRAL_TASK_STATUS = {
    "received": "accepted",
    "accepted": "accepted",
    "waiting": "accepted",
    "active": "in-progress",
    "discharged": "completed",
    "declined": "rejected",
    "withdrawn": "cancelled",
    "did_not_engage": "failed",
}


@dataclass(frozen=True, slots=True)
class OrgRef:
    id: str
    name: str
    ods_code: str = ""
    system: str = systems.ORGANISATION_ID

    def reference(self) -> dict[str, Any]:
        if self.ods_code:
            identifier = {"system": systems.ODS_CODE, "value": self.ods_code}
        else:
            identifier = {"system": self.system, "value": self.id}
        return {"identifier": identifier, "display": self.name}


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    referral_id: str
    person_id: str
    status: str
    status_label: str
    version: str
    last_modified: str
    authored_on: str
    scheme: OrgRef
    practice: OrgRef | None = None
    decline_code: str = ""
    decline_label: str = ""
    decline_note: str = ""
    safety_hold: bool = False
    identifier: tuple[str, str] | None = None
    reasons: tuple[tuple[str, str], ...] = ()  # (code, label)
    person_name: str = ""
    nhs_number: str = ""


def _header(kind: str, record_id: str, system: str, version: str, modified: str) -> dict[str, Any]:
    """What every resource for a record starts with: its id, version and identifier."""
    return {
        "resourceType": kind,
        "id": record_id,
        "meta": {"versionId": version, "lastUpdated": modified},
        "identifier": [{"system": system, "value": record_id}],
    }


def referral_task(facts: ReferralFacts) -> dict[str, Any]:
    """Accepted (for triage, or later), declined with the policy's reason, or on hold while
    safety information awaits a link worker."""
    status = _REFERRAL_TASK_STATUS.get(facts.status, "accepted")
    task: dict[str, Any] = {
        **_header(
            "Task", facts.referral_id, systems.REFERRAL_ID, facts.version, facts.last_modified
        ),
        "basedOn": [{"reference": f"ServiceRequest/{facts.referral_id}"}],
        "status": status,
        "businessStatus": {
            "coding": [{"system": systems.EPISODE_STATUS, "code": facts.status}],
            "text": facts.status_label,
        },
        "intent": "order",
        "code": {
            "coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]
        },
        "focus": {"reference": f"ServiceRequest/{facts.referral_id}"},
        "authoredOn": facts.authored_on,
        "lastModified": facts.last_modified,
        "owner": facts.scheme.reference(),
    }
    if facts.identifier is not None:
        task["groupIdentifier"] = {"system": facts.identifier[0], "value": facts.identifier[1]}
    if facts.practice is not None:
        task["requester"] = facts.practice.reference()
    if status == "rejected":
        task["statusReason"] = {
            "coding": [
                {
                    "system": systems.DECLINE_REASON,
                    "code": facts.decline_code,
                    "display": facts.decline_label,
                }
            ],
            "text": facts.decline_note or facts.decline_label,
        }
    elif facts.safety_hold and status == "accepted":
        task["status"] = "on-hold"
        task["statusReason"] = {
            "text": "Safety information in the referral awaits a link worker's review."
        }
    return validated(task, "Task")


def referral_service_request(facts: ReferralFacts) -> dict[str, Any]:
    """The referral as it was asked for: to social prescribing, for these needs."""
    subject: dict[str, Any] = {"display": facts.person_name}
    if facts.nhs_number:
        subject["identifier"] = {"system": systems.NHS_NUMBER, "value": facts.nhs_number}
    request: dict[str, Any] = {
        **_header(
            "ServiceRequest",
            facts.referral_id,
            systems.REFERRAL_ID,
            facts.version,
            facts.last_modified,
        ),
        "status": "active" if _REFERRAL_TASK_STATUS.get(facts.status) in _LIVE else "completed",
        "intent": "order",
        "code": systems.social_prescribing_referral(),
        "subject": subject,
        "authoredOn": facts.authored_on,
        "performer": [facts.scheme.reference()],
        "reasonCode": [
            {"coding": [{"system": systems.NEED, "code": code}], "text": label}
            for code, label in facts.reasons
        ],
    }
    if facts.status == "declined":
        request["status"] = "revoked"
    if facts.identifier is not None:
        request["identifier"].append({"system": facts.identifier[0], "value": facts.identifier[1]})
    if facts.practice is not None:
        request["requester"] = facts.practice.reference()
    return validated(request, "ServiceRequest")


_LIVE = frozenset({"accepted", "in-progress"})


@dataclass(frozen=True, slots=True)
class ConnectionFacts:
    """A connection as its provider may see it: `name`, `contact` and `reason` are only what
    the person agrees to share now (None for what they do not)."""

    connection_id: str
    status: str
    status_reason: str
    version: str
    last_modified: str
    made_on: str
    owner: OrgRef
    scheme: OrgRef
    service_name: str
    kind: str
    kind_label: str
    attended_on: str = ""
    given_name: str | None = None
    family_name: str | None = None
    phone: str | None = None
    email: str | None = None
    reason_codes: tuple[str, ...] = ()
    reason_text: str | None = None
    withdrawn: bool = False


def _shared_patient(facts: ConnectionFacts) -> dict[str, Any] | None:
    if facts.withdrawn or (facts.family_name is None and facts.phone is None):
        return None
    patient: dict[str, Any] = {"resourceType": "Patient", "id": "person"}
    if facts.family_name is not None:
        patient["name"] = [{"family": facts.family_name, "given": [facts.given_name or ""]}]
    telecom = [
        {"system": system, "value": value}
        for system, value in (("phone", facts.phone), ("email", facts.email))
        if value
    ]
    if telecom:
        patient["telecom"] = telecom
    return patient


def _reason(facts: ConnectionFacts) -> dict[str, Any] | None:
    if facts.withdrawn or facts.reason_text is None:
        return None
    return {
        "coding": [{"system": systems.NEED, "code": code} for code in facts.reason_codes],
        "text": facts.reason_text,
    }


def _connection_header(kind: str, facts: ConnectionFacts) -> dict[str, Any]:
    return _header(
        kind, facts.connection_id, systems.CONNECTION_ID, facts.version, facts.last_modified
    )


def connection_service_request(facts: ConnectionFacts) -> dict[str, Any]:
    """What the link worker asks of the provider, with only what the person shares."""
    request: dict[str, Any] = {
        **_connection_header("ServiceRequest", facts),
        "status": "active" if facts.status not in _ENDED else "completed",
        "intent": "order",
        "category": [
            {
                "coding": [
                    {
                        "system": systems.CONNECTION_KIND,
                        "code": facts.kind,
                        "display": facts.kind_label,
                    }
                ]
            }
        ],
        "code": {"text": facts.service_name},
        "authoredOn": facts.made_on,
        "requester": facts.scheme.reference(),
        "performer": [facts.owner.reference()],
    }
    patient = _shared_patient(facts)
    if patient is not None:
        request["contained"] = [patient]
        request["subject"] = {"reference": "#person"}
    else:
        request["subject"] = {"display": "The person's details are not shared"}
    reason = _reason(facts)
    if reason is not None:
        request["reasonCode"] = [reason]
    return validated(request, "ServiceRequest")


_ENDED = frozenset({"rejected", "completed", "cancelled", "failed"})


def connection_task(facts: ConnectionFacts) -> dict[str, Any]:
    task: dict[str, Any] = {
        **_connection_header("Task", facts),
        "basedOn": [{"reference": f"ServiceRequest/{facts.connection_id}"}],
        "status": facts.status,
        "intent": "order",
        "code": {
            "coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]
        },
        "description": facts.service_name,
        "focus": {"reference": f"ServiceRequest/{facts.connection_id}"},
        "authoredOn": facts.made_on,
        "lastModified": facts.last_modified,
        "requester": facts.scheme.reference(),
        "owner": facts.owner.reference(),
    }
    if facts.status_reason:
        task["statusReason"] = {"text": facts.status_reason}
    if facts.withdrawn:
        task["note"] = [
            {
                "text": "The person withdrew consent to share with your organisation; "
                "the link worker will follow up."
            }
        ]
    patient = _shared_patient(facts)
    if patient is not None:
        task["contained"] = [patient]
        task["for"] = {"reference": "#person"}
    reason = _reason(facts)
    if reason is not None:
        task["reasonCode"] = reason
    if facts.attended_on:
        task["output"] = [
            {
                "type": {"text": "outcome"},
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": systems.CONNECTION_OUTCOME,
                            "code": "attended",
                            "display": "Attended",
                        }
                    ],
                    "text": f"First attended {facts.attended_on}",
                },
            }
        ]
    return validated(task, "Task")


def searchset(
    resources: list[dict[str, Any]],
    *,
    base_url: str,
    total: int,
    self_url: str,
    next_url: str = "",
) -> dict[str, Any]:
    links = [{"relation": "self", "url": self_url}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    return validated(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": total,
            "link": links,
            "entry": [
                {
                    "fullUrl": f"{base_url}{r['resourceType']}/{r['id']}",
                    "resource": r,
                    "search": {"mode": "match"},
                }
                for r in resources
            ],
        },
        "Bundle",
    )
