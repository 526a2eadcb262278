"""linkwork's canonical import records: the fields each kind of row can carry, their types and
the vocabularies coded fields must map to. Every profile maps onto these; nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from linkwork.core.needs import Need
from linkwork.episodes.lifecycle import DeclineReason, DischargeReason
from linkwork.episodes.vocab import (
    ConnectionKind,
    ConnectionStatus,
    ConnectionTarget,
    EncounterMode,
    FinancialGainType,
)
from linkwork.organisations.policy_rules import ReferralSource
from linkwork.outcomes.vocab import Timepoint
from linkwork.people.vocab import ETHNICITY_ENGLAND, SEX_CHOICES

__all__ = [
    "KINDS",
    "VOCABULARIES",
    "VOCABULARY_LABELS",
    "CanonicalField",
    "FieldType",
    "Kind",
    "fields_of",
]

Kind = Literal["person", "referral", "session", "questionnaire", "connection", "financial_gain"]
FieldType = Literal["text", "date", "integer", "number", "boolean", "nhs", "chi", "list"]

KINDS: tuple[Kind, ...] = (
    "person",
    "referral",
    "session",
    "questionnaire",
    "connection",
    "financial_gain",
)

# Each vocabulary's codes with the words people use for them (what `profile suggest` matches).
VOCABULARY_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        name: MappingProxyType(dict(choices))
        for name, choices in {
            "referral_source": ReferralSource.choices,
            "need": Need.choices,
            "encounter_mode": EncounterMode.choices,
            "discharge_reason": DischargeReason.choices,
            "decline_reason": DeclineReason.choices,
            "connection_kind": ConnectionKind.choices,
            "connection_status": ConnectionStatus.choices,
            "connection_target": ConnectionTarget.choices,
            "gain_type": FinancialGainType.choices,
            "timepoint": Timepoint.choices,
            "sex": SEX_CHOICES,
            "ethnicity": ETHNICITY_ENGLAND,
            "boolean": [("true", "Yes"), ("false", "No")],
        }.items()
    }
)
VOCABULARIES: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {name: frozenset(labels) for name, labels in VOCABULARY_LABELS.items()}
)


@dataclass(frozen=True, slots=True)
class CanonicalField:
    name: str
    type: FieldType
    required: bool = False
    vocabulary: str = ""  # a coded field: its values must come through a value map
    synonyms: tuple[str, ...] = ()  # header words `profile suggest` matches


def _f(
    name: str,
    type_: FieldType = "text",
    *,
    required: bool = False,
    vocabulary: str = "",
    synonyms: tuple[str, ...] = (),
) -> CanonicalField:
    return CanonicalField(name, type_, required, vocabulary, synonyms)


_PERSON_REF = _f("person_ref", required=True, synonyms=("patient id", "client id", "person id"))
_REFERRAL_REF = _f(
    "referral_ref", required=True, synonyms=("referral id", "case id", "referral number")
)

_FIELDS: dict[Kind, tuple[CanonicalField, ...]] = {
    "person": (
        _PERSON_REF,
        _f("given_name", synonyms=("first name", "forename", "given name")),
        _f("family_name", synonyms=("surname", "last name", "family name")),
        _f("nhs_number", "nhs", synonyms=("nhs no", "nhs number")),
        _f("chi_number", "chi", synonyms=("chi", "chi number")),
        _f("date_of_birth", "date", synonyms=("dob", "birth date", "date of birth")),
        _f("sex", vocabulary="sex", synonyms=("gender", "sex")),
        _f("ethnicity", vocabulary="ethnicity", synonyms=("ethnicity", "ethnic group")),
        _f("postcode", synonyms=("postcode", "post code")),
    ),
    "referral": (
        _REFERRAL_REF,
        _PERSON_REF,
        _f("received_on", "date", required=True, synonyms=("referral date", "date referred")),
        _f("source", vocabulary="referral_source", synonyms=("referral source", "referred by")),
        _f("reasons", "list", vocabulary="need", synonyms=("referral reason", "reasons")),
        _f("practice_code", synonyms=("practice code", "gp practice", "ods code")),
        _f("closed_on", "date", synonyms=("discharge date", "closed date", "date closed")),
        _f("discharge_reason", vocabulary="discharge_reason", synonyms=("discharge reason",)),
        _f("decline_reason", vocabulary="decline_reason", synonyms=("decline reason",)),
    ),
    "session": (
        _f("session_ref", required=True, synonyms=("session id", "contact id")),
        _REFERRAL_REF,
        _f("occurred_on", "date", required=True, synonyms=("session date", "contact date")),
        _f("mode", vocabulary="encounter_mode", synonyms=("contact type", "session mode")),
        _f("duration_minutes", "integer", synonyms=("duration", "minutes")),
        _f("attended", "boolean", vocabulary="boolean", synonyms=("attended", "dna")),
    ),
    "questionnaire": (
        _f("administration_ref", required=True, synonyms=("questionnaire id",)),
        _REFERRAL_REF,
        _f("instrument", required=True, synonyms=("instrument", "questionnaire")),
        _f("administered_on", "date", required=True, synonyms=("questionnaire date",)),
        _f("timepoint", vocabulary="timepoint", synonyms=("timepoint", "stage")),
        _f("total", "number", synonyms=("total", "score")),
    ),
    "connection": (
        _f("connection_ref", required=True, synonyms=("connection id",)),
        _REFERRAL_REF,
        _f("made_on", "date", required=True, synonyms=("connection date", "signposted on")),
        _f("kind", vocabulary="connection_kind", synonyms=("connection type",)),
        _f("target", vocabulary="connection_target", synonyms=("service type",)),
        _f("service_name", synonyms=("service", "signposted to", "connected to")),
        _f("need", vocabulary="need", synonyms=("connection need",)),
        _f("status", vocabulary="connection_status", synonyms=("connection status",)),
    ),
    "financial_gain": (
        _f("gain_ref", required=True, synonyms=("gain id",)),
        _REFERRAL_REF,
        _f("gain_type", required=True, vocabulary="gain_type", synonyms=("gain type",)),
        _f("amount_pence", "integer", required=True, synonyms=("amount", "gain amount")),
        _f("annual", "boolean", vocabulary="boolean", synonyms=("annual", "yearly")),
        _f("recorded_on", "date", required=True, synonyms=("gain date",)),
    ),
}


def fields_of(kind: Kind) -> dict[str, CanonicalField]:
    return {f.name: f for f in _FIELDS[kind]}
