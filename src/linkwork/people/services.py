"""Writes to people's records: create with validated identifiers and deprivation, update,
merge duplicates, record and withdraw consent. Every write is audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import ManyToOneRel, Model

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.identifiers import (
    IdentifierError,
    normalise_phone,
    validate_chi_number,
    validate_nhs_number,
)
from linkwork.lookups.selectors import postcode_facts
from linkwork.organisations.kinds import Country
from linkwork.organisations.models import Organisation, Scheme
from linkwork.people.equalities import NOT_ASKED, QUESTIONS
from linkwork.people.models import Consent, Person
from linkwork.people.vocab import (
    CONTACT_METHOD_CHOICES,
    ETHNICITY_ENGLAND,
    ETHNICITY_SCOTLAND,
    GENDER_IDENTITY_CHOICES,
    SEX_CHOICES,
)


@dataclass(frozen=True, slots=True)
class PersonDetails:
    given_name: str
    family_name: str
    # None when it was left out or could not be read: the other rules are still checked, so
    # a form can show every problem at once; saving refuses it.
    date_of_birth: date | None
    nhs_number: str = ""
    chi_number: str = ""
    sex: str = "not_known"
    gender_identity: str = "not_asked"
    ethnicity: str = ""
    disability: str = NOT_ASKED
    religion: str = NOT_ASKED
    sexual_orientation: str = NOT_ASKED
    carer: str = NOT_ASKED
    armed_forces: str = NOT_ASKED
    preferred_contact: str = "phone"
    phone: str = ""
    email: str = ""
    preferred_language: str = "English"
    interpreter_needed: bool = False
    postcode: str = ""
    practice: Organisation | None = None


# Limits the database holds; checked here so the message names the field.
_TEXT_LIMITS = (
    ("given_name", 100, "First name"),
    ("family_name", 100, "Last name"),
    ("phone", 32, "Phone number"),
    ("email", 254, "Email address"),
    ("preferred_language", 64, "Preferred language"),
)
_CHOICE_FIELDS = (
    ("sex", SEX_CHOICES, "sex"),
    ("gender_identity", GENDER_IDENTITY_CHOICES, "gender identity"),
    ("preferred_contact", CONTACT_METHOD_CHOICES, "preferred way to contact them"),
    *((q.field, q.choices, f"answer to the {q.label.lower()} question") for q in QUESTIONS),
)


@dataclass(slots=True)
class _Problems:
    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)


REPLY_NEEDED = "Give a phone number or an email address, so the team can reply to you."


def reply_problems(*, phone: str, email: str) -> dict[str, list[str]]:
    """Someone asking for help themself is promised a reply: there must be a way to send it.
    The problem is put on the phone box, the first of the two on the form."""
    if phone.strip() or email.strip():
        return {}
    return {"phone": [REPLY_NEEDED]}


def person_details_problems(*, country: str, details: PersonDetails) -> dict[str, list[str]]:
    """Every problem with these details for a scheme in `country`, by field, without saving:
    forms call this so the rules' messages show beside the form's own, all at once."""
    problems = _Problems()
    _check_details(Country(country), details, clock.today(), problems)
    return problems.by_field


def _clean_details(scheme: Scheme, details: PersonDetails, today: date) -> dict[str, object]:
    """Validate and normalise; raise one DomainError listing every problem by field."""
    problems = _Problems()
    values = _check_details(Country(scheme.region.country), details, today, problems)
    if (
        details.practice is not None
        and not scheme.practices.filter(pk=details.practice.pk).exists()
    ):
        problems.add("practice", f"{details.practice.name} is not served by {scheme.name}.")
    if problems.by_field:
        raise DomainError(
            "Check the person's details.", code="person_invalid", field_errors=problems.by_field
        )
    return values


def _check_details(
    country: Country, details: PersonDetails, today: date, problems: _Problems
) -> dict[str, object]:
    """The scheme-independent rules: add each problem to `problems`; return normalised values."""
    values: dict[str, object] = {
        "given_name": details.given_name.strip(),
        "family_name": details.family_name.strip(),
        "date_of_birth": details.date_of_birth,
        "sex": details.sex,
        "gender_identity": details.gender_identity,
        "ethnicity": details.ethnicity,
        **{q.field: getattr(details, q.field) for q in QUESTIONS},
        "preferred_contact": details.preferred_contact,
        "phone": details.phone.strip(),
        "email": details.email.strip(),
        "preferred_language": details.preferred_language.strip() or "English",
        "interpreter_needed": details.interpreter_needed,
        "practice": details.practice,
        "nhs_number": "",
        "chi_number": "",
    }
    if not values["given_name"]:
        problems.add("given_name", "Enter the person's first name.")
    if not values["family_name"]:
        problems.add("family_name", "Enter the person's last name.")
    for name, limit, label in _TEXT_LIMITS:
        if len(str(values[name])) > limit:
            problems.add(name, f"{label} must be {limit} characters or fewer.")
    for name, choices, label in _CHOICE_FIELDS:
        if values[name] not in {code for code, _ in choices}:
            allowed = ", ".join(code for code, _ in choices)
            problems.add(name, f"Choose the {label} from the list ({allowed}).")
    if values["phone"]:
        try:
            values["phone"] = normalise_phone(str(values["phone"]))
        except IdentifierError as exc:
            problems.add("phone", str(exc))
    if values["email"]:
        try:
            validate_email(str(values["email"]))
        except ValidationError:
            problems.add(
                "email", "Enter the email address in the correct format, like name@example.com."
            )
    if details.date_of_birth is None:
        problems.add("date_of_birth", "Enter the person's date of birth.")
    elif details.date_of_birth > today:
        problems.add("date_of_birth", "Date of birth must be in the past.")
    elif today.year - details.date_of_birth.year > 120:
        problems.add("date_of_birth", "Date of birth is more than 120 years ago.")
    if details.nhs_number.strip():
        if country is Country.SCOTLAND:
            problems.add("nhs_number", "People in Scottish schemes are identified by CHI number.")
        else:
            try:
                values["nhs_number"] = validate_nhs_number(details.nhs_number)
            except IdentifierError as exc:
                problems.add("nhs_number", str(exc))
    if details.chi_number.strip():
        if country is Country.ENGLAND:
            problems.add("chi_number", "People in English schemes are identified by NHS number.")
        else:
            try:
                values["chi_number"] = validate_chi_number(
                    details.chi_number, date_of_birth=details.date_of_birth
                )
            except IdentifierError as exc:
                problems.add("chi_number", str(exc))
    allowed_ethnicity = {
        code
        for code, _ in (ETHNICITY_ENGLAND if country is Country.ENGLAND else ETHNICITY_SCOTLAND)
    }
    if details.ethnicity and details.ethnicity not in allowed_ethnicity:
        problems.add(
            "ethnicity",
            f"Use the {'NHS ethnic category' if country is Country.ENGLAND else 'Scottish census'}"
            " codes for this scheme.",
        )
    try:
        facts = postcode_facts(details.postcode)
    except IdentifierError as exc:
        problems.add("postcode", str(exc))
    else:
        values.update(
            postcode=facts.postcode,
            postcode_status=facts.status,
            small_area_code=facts.small_area_code,
            deprivation_index=facts.deprivation_index,
            deprivation_decile=facts.decile,
            deprivation_quintile=facts.quintile,
        )
    return values


@transaction.atomic
def person_create(
    *,
    scheme: Scheme,
    details: PersonDetails,
    actor: User | None,
    hold_known_number: bool = False,
) -> Person:
    """Record a new person. A number already on another record is refused, or with
    `hold_known_number` kept aside as `number_to_confirm` for staff to resolve."""
    values = _clean_details(scheme, details, clock.today())
    for number_field in ("nhs_number", "chi_number"):
        number = values[number_field]
        if (
            number
            and Person.objects.filter(
                scheme=scheme, merged_into__isnull=True, **{number_field: number}
            ).exists()
        ):
            if hold_known_number:
                values[number_field] = ""
                values["number_to_confirm"] = number
                continue
            label = "NHS" if number_field == "nhs_number" else "CHI"
            raise DomainError(
                f"A person with this {label} number is already known to {scheme.name}; "
                "open their record and refer them again instead.",
                code="person_duplicate_number",
                field_errors={number_field: [f"Already recorded in {scheme.name}."]},
            )
    person = Person.objects.create(scheme=scheme, created_by=actor, **values)
    audit_record(
        actor=actor,
        action="create",
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        scheme_id=scheme.pk,
    )
    return person


@transaction.atomic
def person_update(*, person: Person, details: PersonDetails, actor: User) -> Person:
    values = _clean_details(person.scheme, details, clock.today())
    changed = sorted(k for k, v in values.items() if getattr(person, k) != v)
    for key, value in values.items():
        setattr(person, key, value)
    person.save()
    audit_record(
        actor=actor,
        action="update",
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        scheme_id=person.scheme_id,
        detail={"fields": changed},
    )
    return person


@transaction.atomic
def person_merge(*, keep: Person, duplicate: Person, actor: User) -> Person:
    """Fold `duplicate` into `keep`. Both histories stay: every episode, encounter,
    connection and consent moves to `keep`; the duplicate record remains, pointing at it."""
    if keep.pk == duplicate.pk:
        raise DomainError("A record cannot be merged with itself.", code="merge_same")
    if keep.scheme_id != duplicate.scheme_id:
        raise DomainError("Only records in the same scheme can be merged.", code="merge_scheme")
    if keep.merged_into_id or duplicate.merged_into_id:
        raise DomainError("One of these records has already been merged.", code="merge_done")
    # Every record that points at a person (episodes, encounters, connections, consents,
    # questionnaires, whatever app holds it) follows them, found through the model's relations
    # so that this app never needs to know the apps above it.
    moved: dict[str, int] = {}
    for relation in Person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ManyToOneRel) or relation.related_model is Person:
            continue
        model = cast("type[Model]", relation.related_model)
        count = model._default_manager.filter(**{relation.field.name: duplicate}).update(
            **{relation.field.name: keep}
        )
        moved[f"{model._meta.model_name}s"] = count
    for number_field in ("nhs_number", "chi_number"):
        if not getattr(keep, number_field) and getattr(duplicate, number_field):
            setattr(keep, number_field, getattr(duplicate, number_field))
    if keep.number_to_confirm in (keep.nhs_number, keep.chi_number):
        keep.number_to_confirm = ""  # confirmed by the merge
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    keep.save()
    for person in (keep, duplicate):
        audit_record(
            actor=actor,
            action="merge",
            object_type="person",
            object_id=person.pk,
            person_id=person.pk,
            scheme_id=person.scheme_id,
            detail={"kept": str(keep.pk), "merged": str(duplicate.pk), "moved": moved},
        )
    return keep


@transaction.atomic
def consent_record(
    *,
    person: Person,
    actor: User | None,
    kind: str,
    given: bool,
    recorded_on: date,
    organisation: Organisation | None = None,
    shared_fields: list[str] | None = None,
) -> Consent:
    if kind not in Consent.Kind.values:
        raise DomainError(f"Unknown consent kind {kind!r}.", code="consent_kind")
    if kind == Consent.Kind.SHARE_WITH_VCSE and organisation is None:
        raise DomainError(
            "Consent to share must name the VCSE.",
            code="consent_needs_vcse",
            field_errors={"organisation": ["Choose the VCSE."]},
        )
    if recorded_on > clock.today():
        raise DomainError("Consent cannot be recorded in the future.", code="consent_future")
    allowed = {"name", "contact", "reason"}
    fields = list(shared_fields or [])
    if set(fields) - allowed:
        raise DomainError(
            f"Only {', '.join(sorted(allowed))} can be shared.", code="consent_fields"
        )
    consent = Consent.objects.create(
        scheme_id=person.scheme_id,
        person=person,
        kind=kind,
        given=given,
        organisation=organisation,
        shared_fields=fields,
        recorded_on=recorded_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="consent",
        object_id=consent.pk,
        person_id=person.pk,
        scheme_id=person.scheme_id,
        detail={"kind": kind, "given": given},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User | None, on: date | None = None) -> int:
    """Withdraw a consent from today. Consent to share is withdrawn from the organisation as a
    whole: every consent to share with it still standing goes, so no older one takes over.
    Returns how many were withdrawn."""
    day = on or clock.today()
    if day > clock.today():
        raise DomainError("Consent cannot be withdrawn in the future.", code="consent_future")
    if consent.withdrawn_on is not None:
        raise DomainError("This consent was already withdrawn.", code="consent_withdrawn")
    standing = Consent.objects.filter(
        person_id=consent.person_id, kind=consent.kind, withdrawn_on__isnull=True
    )
    if consent.kind == Consent.Kind.SHARE_WITH_VCSE and consent.organisation_id is not None:
        standing = standing.filter(organisation_id=consent.organisation_id)
    else:
        standing = standing.filter(pk=consent.pk)
    ids = list(standing.values_list("pk", flat=True))
    Consent.objects.filter(pk__in=ids).update(withdrawn_on=day)
    consent.withdrawn_on = day
    audit_record(
        actor=actor,
        action="update",
        object_type="consent",
        object_id=consent.pk,
        person_id=consent.person_id,
        scheme_id=consent.scheme_id,
        detail={"kind": consent.kind, "withdrawn_on": day.isoformat(), "consents": len(ids)},
    )
    return len(ids)
