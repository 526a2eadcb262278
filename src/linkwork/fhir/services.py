"""Writes through FHIR: a referral runs the same intake as the referral form and the JSON API
(policy, duplicate matching, consent); a provider's Task update runs the same connection
service as the VCSE inbox, so the link worker's timeline shows it identically."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.submissions import AlreadySubmittedError, run_once
from linkwork.episodes.connection_rules import provider_updates
from linkwork.episodes.details import ReferralDetails
from linkwork.episodes.models import Connection, Referral
from linkwork.episodes.selectors.referrals import referral_form_choices, referral_intake_request
from linkwork.episodes.services.connections import connection_reply
from linkwork.episodes.services.intake import referral_intake
from linkwork.fhir.mapping.referral_in import ReferralIn
from linkwork.fhir.mapping.task_update import TaskUpdate
from linkwork.fhir.mapping.validate import FhirInputError
from linkwork.fhir.selectors import provider_connection, version_of
from linkwork.people.services import PersonDetails


@dataclass(frozen=True, slots=True)
class FhirIntake:
    referral: Referral
    repeated: bool  # the same ServiceRequest identifier was sent before: nothing new written


def _scheme_and_practice(*, user: User, sent: ReferralIn) -> tuple[uuid.UUID, uuid.UUID | None]:
    choices = referral_form_choices(user=user)
    schemes = choices.schemes
    if sent.scheme:
        try:
            named = schemes.filter(pk=uuid.UUID(sent.scheme))
        except ValueError:
            named = schemes.filter(slug=sent.scheme)
        scheme = named.first()
        if scheme is None:
            raise FhirInputError(
                f"No scheme you can refer to is identified as {sent.scheme!r}.",
                element="ServiceRequest.performer",
                status=422,
            )
    elif schemes.count() == 1:
        scheme = schemes.get()
    else:
        raise FhirInputError(
            "Name the scheme in ServiceRequest.performer: you can refer to more than one.",
            element="ServiceRequest.performer",
            status=422,
        )
    practice_id = None
    if sent.practice_ods:
        practice = choices.practices.filter(code=sent.practice_ods).first()
        if practice is None:
            raise FhirInputError(
                f"ODS code {sent.practice_ods} is not a practice you can refer from.",
                element="ServiceRequest.requester",
                status=422,
            )
        practice_id = practice.pk
    elif choices.fixed_source is not None and choices.practices.count() == 1:
        practice_id = choices.practices.get().pk
    return scheme.pk, practice_id


def _replay_key(identifier: tuple[str, str] | None) -> str | None:
    if identifier is None:
        return None
    return hashlib.sha256(f"{identifier[0]}|{identifier[1]}".encode()).hexdigest()


def fhir_referral_intake(*, user: User, sent: ReferralIn) -> FhirIntake:
    """Refer as the referral form does. A ServiceRequest identifier sent again gets the first
    referral back instead of a second one."""
    if sent.birth_date is None:
        raise FhirInputError(
            "Give the Patient's birthDate (YYYY-MM-DD).", element="Patient.birthDate"
        )
    if not sent.reasons:
        raise FhirInputError(
            "Give at least one reason: a ServiceRequest.reasonCode coding in the needs code "
            "system (see /fhir/metadata and docs/fhir.md).",
            element="ServiceRequest.reasonCode",
        )
    scheme_id, practice_id = _scheme_and_practice(user=user, sent=sent)
    intake = referral_intake_request(
        user=user, scheme_id=scheme_id, practice_id=practice_id, source=sent.source or None
    )
    person = PersonDetails(
        given_name=sent.given_name,
        family_name=sent.family_name,
        date_of_birth=sent.birth_date,
        nhs_number=sent.nhs_number,
        sex=sent.sex,
        phone=sent.phone,
        email=sent.email,
        postcode=sent.postcode,
        practice=intake.practice,
    )
    details = ReferralDetails(
        source=intake.source,
        received_on=sent.authored_on or clock.today(),
        reasons=sent.reasons,
        reason_text=sent.reason_text,
        risk_flags=sent.risk_flags,
        exclusions=sent.exclusions,
        practice=intake.practice,
        referrer=user,
        referrer_name=sent.referrer_name or user.get_full_name(),
    )
    try:
        outcome = run_once(
            key=_replay_key(sent.identifier),
            scope=f"{user.pk}:fhir:ServiceRequest",
            action=lambda: referral_intake(
                scheme=intake.scheme, person=person, details=details, actor=user
            ),
            response=lambda done: {"referral": str(done.referral.pk)},
        )
    except AlreadySubmittedError as replay:
        first = Referral.objects.get(pk=(replay.response or {})["referral"])
        return FhirIntake(referral=first, repeated=True)
    return FhirIntake(referral=outcome.referral, repeated=outcome.repeated)


@transaction.atomic
def connection_task_update(
    *, user: User, connection_id: uuid.UUID, update: TaskUpdate, expected_version: str | None
) -> Connection:
    """The provider's new status for its connection. Sending the status it already has
    changes nothing (a retried update is harmless); 'completed' with the output 'attended'
    for a connection not yet marked attended records the attendance first."""
    connection = provider_connection(user=user, connection_id=connection_id)
    if connection.service is None:
        raise PermissionDenied("Only connections to listed services are updated here.")
    if expected_version is not None and expected_version != version_of(connection):
        raise FhirInputError(
            "The Task has changed since you read it (If-Match does not match its version): "
            "read it again, then send your update.",
            element="Task.meta.versionId",
            status=412,
        )
    if update.status == connection.status and update.reason == connection.status_reason:
        return connection
    try:
        if (
            update.status == "completed"
            and update.attended
            and connection.status in {"requested", "accepted"}
        ):
            connection = connection_reply(connection=connection, actor=user, status="in-progress")
        return connection_reply(
            connection=connection, actor=user, status=update.status, reason=update.reason
        )
    except DomainError as exc:
        raise DomainError(
            exc.message + " " + _allowed(connection),
            code=exc.code,
            field_errors=exc.field_errors or {"status": [exc.message]},
        ) from exc


def _allowed(connection: Connection) -> str:
    from_here = [code for code, _ in provider_updates(connection.status)]
    if not from_here:
        return f"The Task is {connection.status} and closed."
    return f"From {connection.status} you may send: {', '.join(from_here)}."
