"""The identifier and code systems linkwork's FHIR resources use. UK Core's own systems where
one exists; linkwork's code systems for its own vocabularies, under one base URI."""

from __future__ import annotations

NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code"
SNOMED = "http://snomed.info/sct"
UUID_URN = "urn:ietf:rfc:3986"

_BASE = "https://linkwork.invalid/fhir"
# Records with no national identifier are named by linkwork's own ids.
ORGANISATION_ID = f"{_BASE}/Id/organisation"
SCHEME_ID = f"{_BASE}/Id/scheme"
REFERRAL_ID = f"{_BASE}/Id/referral"
CONNECTION_ID = f"{_BASE}/Id/connection"
# linkwork's vocabularies, each code as stored.
NEED = f"{_BASE}/CodeSystem/need"
RISK_FLAG = f"{_BASE}/CodeSystem/risk-flag"
EXCLUSION = f"{_BASE}/CodeSystem/exclusion"
REFERRAL_SOURCE = f"{_BASE}/CodeSystem/referral-source"
EPISODE_STATUS = f"{_BASE}/CodeSystem/episode-status"
DECLINE_REASON = f"{_BASE}/CodeSystem/decline-reason"
CONNECTION_OUTCOME = f"{_BASE}/CodeSystem/connection-outcome"
CONNECTION_KIND = f"{_BASE}/CodeSystem/connection-kind"
SECTION = f"{_BASE}/CodeSystem/summary-section"
TASK_STATUS_REASON = "http://terminology.hl7.org/CodeSystem/task-status-reason"

# SNOMED CT concepts for social prescribing (the events themselves live in
# episodes.lifecycle, which records them on the episode).
SNOMED_SOCIAL_PRESCRIBING_REFERRAL = "871731000000106"
SNOMED_SUMMARY_REPORT = "371534008"


def social_prescribing_referral() -> dict[str, list[dict[str, str]]]:
    """The SNOMED CT concept every referral to social prescribing is coded with."""
    return {
        "coding": [
            {
                "system": SNOMED,
                "code": SNOMED_SOCIAL_PRESCRIBING_REFERRAL,
                "display": "Referral to social prescribing service",
            }
        ]
    }


# The questionnaire carrying a referral's risk and screening answers (see docs/fhir.md).
RISK_QUESTIONNAIRE = f"{_BASE}/Questionnaire/referral-safety"
RISK_FLAGS_ITEM = "risk_flags"
SCREENING_ITEM = "screening"

MEDIA_TYPE = "application/fhir+json"
