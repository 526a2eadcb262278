"""Reads for the FHIR interface: the same scoped querysets and consent rules as the pages
(the VCSE inbox for providers, `episodes.permissions` for referrals), each read audited with
the caller's identity, mapped to FHIR resources."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core.needs import Need
from linkwork.episodes.lifecycle import DeclineReason
from linkwork.episodes.models import Connection, EpisodeSummary, Referral
from linkwork.episodes.permissions import Access, connection_get_for_vcse, referral_get_for_user
from linkwork.episodes.selectors.connections import Sharing, sharing_with
from linkwork.episodes.selectors.summaries import summary_version_read
from linkwork.episodes.selectors.vcse_inbox import connections_for_vcse
from linkwork.episodes.vocab import SharedDetail
from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.summary import summary_document
from linkwork.fhir.mapping.tasks import (
    ConnectionFacts,
    OrgRef,
    ReferralFacts,
    connection_service_request,
    connection_task,
    referral_service_request,
    referral_task,
)
from linkwork.organisations.models import Organisation


def version_of(record: Model) -> str:
    """A record's version: its last change to the microsecond, so every saved change gives a
    new versionId (and ETag)."""
    return str(int(record.updated_at.timestamp() * 1_000_000))  # type: ignore[attr-defined]


def org_ref(organisation: Organisation) -> OrgRef:
    return OrgRef(id=str(organisation.pk), name=organisation.name, ods_code=organisation.code)


def referral_facts(referral: Referral, identifier: tuple[str, str] | None = None) -> ReferralFacts:
    return ReferralFacts(
        referral_id=str(referral.pk),
        person_id=str(referral.person_id),
        status=referral.status,
        status_label=referral.get_status_display(),
        version=version_of(referral),
        last_modified=referral.updated_at.isoformat(),
        authored_on=referral.received_on.isoformat(),
        scheme=OrgRef(id=referral.scheme.slug, name=referral.scheme.name, system=systems.SCHEME_ID),
        practice=org_ref(referral.practice) if referral.practice else None,
        decline_code=referral.decline_reason,
        decline_label=dict(DeclineReason.choices).get(referral.decline_reason, ""),
        decline_note=referral.decline_note,
        safety_hold=referral.safety_flag_open,
        identifier=identifier,
        reasons=tuple((code, dict(Need.choices).get(code, code)) for code in referral.reasons),
        person_name=referral.person.full_name,
        nhs_number=referral.person.nhs_number,
    )


def _owner(connection: Connection) -> Organisation:
    organisation = connection.service.organization.registry_organisation  # type: ignore[union-attr]
    assert organisation is not None  # connections_for_vcse holds only providers' connections
    return organisation


def connection_facts(connection: Connection, sharing: Sharing) -> ConnectionFacts:
    """Only what the person agrees to share with the provider now, as the inbox shows it."""
    shared = set() if sharing.withdrawn else set(sharing.fields)
    person = connection.person
    reasons = (connection.need,) if connection.need else tuple(connection.referral.reasons)
    labels = dict(Need.choices)
    return ConnectionFacts(
        connection_id=str(connection.pk),
        status=connection.status,
        status_reason=connection.status_reason,
        version=version_of(connection),
        last_modified=connection.updated_at.isoformat(),
        made_on=connection.made_on.isoformat(),
        owner=org_ref(_owner(connection)),
        scheme=OrgRef(
            id=connection.scheme.slug, name=connection.scheme.name, system=systems.SCHEME_ID
        ),
        service_name=connection.service_name,
        kind=connection.kind,
        kind_label=connection.get_kind_display(),
        attended_on=(
            connection.first_attended_on.isoformat() if connection.first_attended_on else ""
        ),
        given_name=person.given_name if "name" in shared else None,
        family_name=person.family_name if "name" in shared else None,
        phone=(person.phone or "") if "contact" in shared else None,
        email=(person.email or "") if "contact" in shared else None,
        reason_codes=reasons if "reason" in shared else (),
        reason_text="; ".join(labels.get(r, r) for r in reasons) if "reason" in shared else None,
        withdrawn=sharing.withdrawn,
    )


def _sharing_for(connection: Connection) -> Sharing:
    key = (connection.person_id, _owner(connection).pk)
    return sharing_with(pairs=[key]).get(key, Sharing())


def _owners_named(owner: str) -> set[uuid.UUID] | None:
    """The organisations an `owner` search names: Organization/<id>, <id>, or
    <system>|<value> with an ODS code or linkwork organisation id. None: names nothing known."""
    value = owner.strip()
    if "|" in value:
        system, _, code = value.partition("|")
        if system == systems.ODS_CODE:
            return set(Organisation.objects.filter(code=code).values_list("pk", flat=True))
        if system not in {systems.ORGANISATION_ID, ""}:
            return None
        value = code
    value = value.removeprefix("Organization/")
    try:
        return {uuid.UUID(value)}
    except ValueError:
        return set(Organisation.objects.filter(code=value).values_list("pk", flat=True)) or None


@dataclass(frozen=True, slots=True)
class TaskPage:
    tasks: list[dict[str, Any]]
    total: int


def provider_tasks(
    *, user: User, owner: str | None, statuses: Iterable[str], count: int = 50, offset: int = 0
) -> TaskPage:
    """One page of a provider's connection Tasks, newest first, audited as a list with every
    person whose details were shown."""
    providers = scope_for(user).vcse_organisations
    if not providers:
        raise PermissionDenied(
            "Tasks are searched by providers: use an API client of the VCSE organisation."
        )
    connections = connections_for_vcse(user=user)
    if owner:
        named = _owners_named(owner) or set()
        connections = connections.filter(
            service__organization__registry_organisation_id__in=named & providers
        )
    wanted = [s.strip() for s in statuses if s.strip()]
    if wanted:
        connections = connections.filter(status__in=wanted)
    total = connections.count()
    rows = list(
        connections.select_related("service__organization__registry_organisation")[
            offset : offset + count
        ]
    )
    keys = [(c.person_id, _owner(c).pk) for c in rows]
    sharing = sharing_with(pairs=keys)
    facts = [
        connection_facts(c, sharing.get(k, Sharing())) for c, k in zip(rows, keys, strict=True)
    ]
    audit_record_list(
        actor=user,
        object_type="fhir_task",
        rows=[
            (c.person_id, c.scheme_id)
            for c, f in zip(rows, facts, strict=True)
            if f.family_name is not None or f.phone is not None or f.reason_text is not None
        ],
    )
    return TaskPage([connection_task(f) for f in facts], total)


def provider_connection(*, user: User, connection_id: uuid.UUID) -> Connection:
    """The provider's own connection, audited as read; 404 for anyone else's."""
    return connection_get_for_vcse(user=user, connection_id=connection_id)


# The link worker made the connection with the person: they see all of it.
_EVERYTHING = Sharing(fields=tuple(SharedDetail.values))


def _casework_connection(*, user: User, record_id: uuid.UUID) -> Connection | None:
    """A connection to a provider's listed service, for the scheme's link workers and
    managers (the episode's read is audited)."""
    connection = (
        Connection.objects.select_related(
            "person", "referral", "scheme", "service__organization__registry_organisation"
        )
        .filter(pk=record_id, service__organization__registry_organisation__isnull=False)
        .first()
    )
    if connection is None:
        return None
    try:
        _, access = referral_get_for_user(user=user, referral_id=connection.referral_id)
    except Http404:
        return None
    return connection if access is Access.CASEWORK else None


def _record_for(
    *, user: User, record_id: uuid.UUID, kind: str
) -> tuple[Connection, Sharing] | Referral:
    """A connection, with what its reader may see of the person (its provider: what the
    person shares with it; the link worker: everything), or a referral the user may see (its
    referrer, the scheme's staff). Each read is audited by the selector that finds it."""
    if scope_for(user).vcse_organisations:
        try:
            connection = provider_connection(user=user, connection_id=record_id)
        except Http404:
            pass
        else:
            return connection, _sharing_for(connection)
    casework = _casework_connection(user=user, record_id=record_id)
    if casework is not None:
        return casework, _EVERYTHING
    try:
        referral, _ = referral_get_for_user(user=user, referral_id=record_id)
    except Http404:
        raise Http404(f"No {kind} {record_id} that you may see.") from None
    return referral


def task_read(*, user: User, task_id: uuid.UUID) -> dict[str, Any]:
    record = _record_for(user=user, record_id=task_id, kind="Task")
    if isinstance(record, tuple):
        return connection_task(connection_facts(*record))
    return referral_task(referral_facts(record))


def service_request_read(*, user: User, request_id: uuid.UUID) -> dict[str, Any]:
    record = _record_for(user=user, record_id=request_id, kind="ServiceRequest")
    if isinstance(record, tuple):
        return connection_service_request(connection_facts(*record))
    return referral_service_request(referral_facts(record))


def referral_task_for(*, referral: Referral, identifier: tuple[str, str] | None) -> dict[str, Any]:
    """The referral's Task, for the referrer who just sent it (intake audited the write)."""
    fresh = Referral.objects.select_related("scheme", "practice", "person").get(pk=referral.pk)
    return referral_task(referral_facts(fresh, identifier))


def summary_document_for(*, user: User, summary_id: uuid.UUID) -> dict[str, Any]:
    """A written summary version as a FHIR document, for whoever may see its episode; the
    read is audited as the summary pages' are."""
    found = EpisodeSummary.objects.filter(pk=summary_id).values_list("referral_id", flat=True)
    referral_id = found.first()
    if referral_id is None:
        raise Http404(f"No Composition {summary_id}.")
    try:
        referral, _ = referral_get_for_user(user=user, referral_id=referral_id)
    except Http404:
        raise Http404(f"No Composition {summary_id} that you may see.") from None
    version = EpisodeSummary.objects.values_list("version", flat=True).get(pk=summary_id)
    summary = summary_version_read(referral=referral, user=user, version=version, form="fhir")
    assert summary is not None  # the version exists: it was found above
    return summary_document(
        summary.content,
        summary_id=str(summary.pk),
        version=summary.version,
        written_at=summary.created_at,
        practice_ods=referral.practice.code if referral.practice else "",
        amendment_reason=summary.reason,
    )
