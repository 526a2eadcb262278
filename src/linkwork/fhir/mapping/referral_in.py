"""A referral arriving as FHIR: a transaction Bundle, or a ServiceRequest with its resources
contained, read into the fields intake needs. Every element that cannot be used is named.

What linkwork reads (see docs/fhir.md):
- Patient: name, birthDate, NHS number identifier, gender, telecom, address postalCode;
- ServiceRequest: identifier (a replay of the same one gets the first answer), authoredOn,
  reasonCode codings in linkwork's needs system, note (the referrer's words), category coding
  (the referral source, for link workers), performer (the scheme, by identifier), requester
  (a PractitionerRole whose organization is the practice by ODS code, a Practitioner, or the
  practice's Organization);
- supportingInfo: a QuestionnaireResponse to the referral-safety questionnaire, its risk flag
  and screening answers as codings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.validate import FhirInputError, validated

Resource = Mapping[str, Any]

_SEX = {"male": "male", "female": "female", "other": "not_known", "unknown": "not_known"}


@dataclass(frozen=True, slots=True)
class ReferralIn:
    identifier: tuple[str, str] | None
    given_name: str
    family_name: str
    birth_date: date | None
    nhs_number: str = ""
    sex: str = "not_known"
    phone: str = ""
    email: str = ""
    postcode: str = ""
    reasons: tuple[str, ...] = ()
    reason_text: str = ""
    risk_flags: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    practice_ods: str = ""
    scheme: str = ""
    source: str = ""
    referrer_name: str = ""
    authored_on: date | None = None


class _Resolver:
    """Finds what a reference points at: a bundle entry (by fullUrl or Type/id) or a
    contained resource (#id)."""

    def __init__(self, resources: Mapping[str, Resource]) -> None:
        self.resources = resources

    def get(self, reference: Mapping[str, Any] | None, element: str) -> Resource | None:
        if not reference or "reference" not in reference:
            return None
        found = self.resources.get(str(reference["reference"]))
        if found is None:
            raise FhirInputError(
                f"{element} refers to {reference['reference']}, which is not in the request: "
                "send the resource with it.",
                element=element,
            )
        return found


def referral_from_fhir(body: Resource) -> ReferralIn:
    kind = body.get("resourceType")
    if kind == "Bundle":
        return _from_bundle(validated(body, "Bundle"))
    if kind == "ServiceRequest":
        request = validated(body, "ServiceRequest")
        contained = {f"#{r.get('id')}": r for r in request.get("contained", []) if r.get("id")}
        return _from_service_request(request, _Resolver(contained), "ServiceRequest")
    raise FhirInputError(
        "Send a referral as a transaction Bundle or a ServiceRequest.", element="resourceType"
    )


def _from_bundle(bundle: dict[str, Any]) -> ReferralIn:
    if bundle.get("type") != "transaction":
        raise FhirInputError(
            "A referral Bundle is a transaction: set Bundle.type to transaction.",
            element="Bundle.type",
        )
    resources: dict[str, Resource] = {}
    requests: list[tuple[int, Resource]] = []
    for index, entry in enumerate(bundle.get("entry", [])):
        resource = entry.get("resource")
        if resource is None:
            raise FhirInputError(
                "Each entry carries its resource.", element=f"Bundle.entry[{index}].resource"
            )
        if entry.get("fullUrl"):
            resources[str(entry["fullUrl"])] = resource
        if resource.get("id"):
            resources[f"{resource['resourceType']}/{resource['id']}"] = resource
        if resource["resourceType"] == "ServiceRequest":
            requests.append((index, resource))
    if len(requests) != 1:
        raise FhirInputError(
            f"A referral Bundle holds exactly one ServiceRequest; this one holds {len(requests)}.",
            element="Bundle.entry",
        )
    index, request = requests[0]
    return _from_service_request(
        request, _Resolver(resources), f"Bundle.entry[{index}].resource(ServiceRequest)"
    )


def _codes(concepts: list[Mapping[str, Any]], system: str) -> tuple[str, ...]:
    return tuple(
        str(coding["code"])
        for concept in concepts
        for coding in concept.get("coding", [])
        if coding.get("system") == system and coding.get("code")
    )


def _identifier(resource: Resource, system: str) -> str:
    for identifier in resource.get("identifier", []) or []:
        if identifier.get("system") == system and identifier.get("value"):
            return str(identifier["value"])
    return ""


def _reference_identifier(reference: Mapping[str, Any] | None, system: str) -> str:
    identifier = (reference or {}).get("identifier") or {}
    return str(identifier.get("value", "")) if identifier.get("system") == system else ""


def _name(resource: Resource) -> tuple[str, str]:
    names = resource.get("name") or [{}]
    name = names[0]
    # A given name may be null in FHIR JSON (an extension standing in for it).
    given = " ".join(str(part) for part in name.get("given", []) if part)
    return given.strip(), str(name.get("family") or "").strip()


def _day(value: object, element: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FhirInputError(
            f"{element} needs a full date (YYYY-MM-DD).", element=element
        ) from None


def _from_service_request(request: Resource, refs: _Resolver, at: str) -> ReferralIn:
    patient = refs.get(request.get("subject"), f"{at}.subject")
    if patient is None or patient.get("resourceType") != "Patient":
        raise FhirInputError(
            "The ServiceRequest's subject is the Patient referred: send it with the request.",
            element=f"{at}.subject",
        )
    given, family = _name(patient)
    telecom = patient.get("telecom", [])
    addresses = patient.get("address", [])
    identifier = (request.get("identifier") or [{}])[0]
    practice_ods, referrer_name = _requester(request.get("requester"), refs, at)
    risk_flags, exclusions = _safety_answers(request.get("supportingInfo", []), refs, at)
    return ReferralIn(
        identifier=(
            (str(identifier.get("system", "")), str(identifier["value"]))
            if identifier.get("value")
            else None
        ),
        given_name=given,
        family_name=family,
        birth_date=_day(patient.get("birthDate"), "Patient.birthDate"),
        nhs_number=_identifier(patient, systems.NHS_NUMBER).replace(" ", ""),
        sex=_SEX.get(str(patient.get("gender", "unknown")), "not_known"),
        phone=next(
            (str(t["value"]) for t in telecom if t.get("system") == "phone" and t.get("value")), ""
        ),
        email=next(
            (str(t["value"]) for t in telecom if t.get("system") == "email" and t.get("value")), ""
        ),
        postcode=next((str(a["postalCode"]) for a in addresses if a.get("postalCode")), ""),
        reasons=_codes(request.get("reasonCode", []), systems.NEED),
        reason_text="\n".join(str(n.get("text", "")) for n in request.get("note", [])).strip(),
        risk_flags=risk_flags,
        exclusions=exclusions,
        practice_ods=practice_ods,
        scheme=_scheme(request.get("performer", []), refs, at),
        source=next(iter(_codes(request.get("category", []), systems.REFERRAL_SOURCE)), ""),
        referrer_name=referrer_name,
        authored_on=_day(request.get("authoredOn"), f"{at}.authoredOn"),
    )


def _requester(reference: Mapping[str, Any] | None, refs: _Resolver, at: str) -> tuple[str, str]:
    """The practice's ODS code and the referrer's name, from whichever requester was sent."""
    ods = _reference_identifier(reference, systems.ODS_CODE)
    requester = refs.get(reference, f"{at}.requester")
    if requester is None:
        return ods, str((reference or {}).get("display", ""))
    kind = requester.get("resourceType")
    if kind == "Organization":
        return _identifier(requester, systems.ODS_CODE), ""
    if kind == "Practitioner":
        return ods, " ".join(_name(requester)).strip()
    # A PractitionerRole: the practitioner at the organization.
    organisation_ref = requester.get("organization")
    organisation = refs.get(organisation_ref, "PractitionerRole.organization")
    if organisation is not None:
        ods = _identifier(organisation, systems.ODS_CODE)
    else:
        ods = _reference_identifier(organisation_ref, systems.ODS_CODE)
    practitioner_ref = requester.get("practitioner")
    practitioner = refs.get(practitioner_ref, "PractitionerRole.practitioner")
    name = (
        " ".join(_name(practitioner)).strip()
        if practitioner
        else str((practitioner_ref or {}).get("display", ""))
    )
    return ods, name


def _scheme(performers: list[Mapping[str, Any]], refs: _Resolver, at: str) -> str:
    for index, reference in enumerate(performers):
        found = _reference_identifier(reference, systems.SCHEME_ID)
        if found:
            return found
        performer = refs.get(reference, f"{at}.performer[{index}]")
        if performer is not None and _identifier(performer, systems.SCHEME_ID):
            return _identifier(performer, systems.SCHEME_ID)
    return ""


def _safety_answers(
    supporting: list[Mapping[str, Any]], refs: _Resolver, at: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    flags: list[str] = []
    screening: list[str] = []
    for index, reference in enumerate(supporting):
        answers = refs.get(reference, f"{at}.supportingInfo[{index}]")
        if answers is None or answers.get("resourceType") != "QuestionnaireResponse":
            continue
        if answers.get("questionnaire") != systems.RISK_QUESTIONNAIRE:
            raise FhirInputError(
                f"Answer the questionnaire {systems.RISK_QUESTIONNAIRE} for risks and screening.",
                element="QuestionnaireResponse.questionnaire",
            )
        for item in answers.get("item", []):
            codes = [
                str(answer["valueCoding"]["code"])
                for answer in item.get("answer", [])
                if answer.get("valueCoding", {}).get("code")
            ]
            if item.get("linkId") == systems.RISK_FLAGS_ITEM:
                flags.extend(codes)
            elif item.get("linkId") == systems.SCREENING_ITEM:
                screening.extend(codes)
            else:
                raise FhirInputError(
                    f"Unknown question {item.get('linkId')!r}: answer "
                    f"{systems.RISK_FLAGS_ITEM!r} or {systems.SCREENING_ITEM!r}.",
                    element="QuestionnaireResponse.item.linkId",
                )
    return tuple(flags), tuple(screening)
