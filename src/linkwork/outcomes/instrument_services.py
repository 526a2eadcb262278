"""Writes to the instrument library: licensed wording loaded by the deploying organisation,
and schemes' bespoke instruments. Neither holds personal data; both are audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.core.errors import DomainError
from linkwork.organisations.models import Scheme
from linkwork.outcomes.instruments import lookup_definition
from linkwork.outcomes.models import BespokeInstrument, InstrumentWording
from linkwork.outcomes.scoring import DefinitionError, InstrumentDefinition, load_bespoke_definition
from linkwork.outcomes.wording import WordingError, parse_wording


@transaction.atomic
def wording_load(
    *, data: object, actor: User | None, source_name: str = "", source_sha256: str = ""
) -> list[InstrumentWording]:
    """Validate a whole wording file, then store it; a bad file stores nothing."""
    try:
        sets = parse_wording(data, lookup_definition)
    except WordingError as exc:
        raise DomainError(exc.message, code="wording_invalid") from exc
    stored = []
    for wording in sets:
        row, _ = InstrumentWording.objects.update_or_create(
            instrument_id=wording.instrument_id,
            defaults={
                "definition_version": wording.definition_version,
                "instructions": wording.instructions,
                "copyright": wording.copyright,
                "licence": wording.licence,
                "items": dict(wording.items),
                "options": {code: list(labels) for code, labels in wording.options.items()},
                "source_name": source_name[:255],
                "source_sha256": source_sha256,
                "loaded_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action="update",
            object_type="instrument_wording",
            object_id=row.pk,
            detail={
                "instrument": row.instrument_id,
                "source": source_name,
                "sha256": source_sha256,
            },
        )
        stored.append(row)
    return stored


def bespoke_validate(data: Mapping[str, Any]) -> InstrumentDefinition:
    """The definition, or DomainError naming the bad field (schema, then meaning)."""
    try:
        return load_bespoke_definition(data)
    except DefinitionError as exc:
        raise DomainError(
            exc.message,
            code="bespoke_invalid",
            field_errors={"definition": [exc.message]},
        ) from exc


def bespoke_conflict(
    *, scheme: Scheme, definition: InstrumentDefinition, data: Mapping[str, Any]
) -> BespokeInstrument | None:
    """An identical stored version (to reuse), None if the version is new; DomainError if
    the id belongs to another scheme or the version exists with different content."""
    others = BespokeInstrument.objects.filter(instrument_id=definition.id).exclude(scheme=scheme)
    if others.exists():
        raise DomainError(
            f"The id '{definition.id}' is used by another scheme's tool; choose another id.",
            code="bespoke_id_taken",
            field_errors={"definition": ["Choose another id."]},
        )
    existing = BespokeInstrument.objects.filter(
        instrument_id=definition.id, version=definition.version
    ).first()
    if existing is not None and existing.definition != dict(data):
        raise DomainError(
            f"Version {definition.version} of {definition.id} already exists with different "
            "content. Give the changed definition a new version, so scores already recorded "
            "keep the definition that produced them.",
            code="bespoke_version_exists",
            field_errors={"definition": ["Give the changed definition a new version."]},
        )
    return existing


@transaction.atomic
def bespoke_define(
    *, scheme: Scheme, data: Mapping[str, Any], actor: User | None
) -> BespokeInstrument:
    """Store a new version of a scheme's bespoke tool; it replaces earlier versions for new
    questionnaires. Defining the same version with the same content again changes nothing."""
    definition = bespoke_validate(data)
    existing = bespoke_conflict(scheme=scheme, definition=definition, data=data)
    if existing is not None:
        return existing
    BespokeInstrument.objects.filter(scheme=scheme, instrument_id=definition.id).update(
        active=False
    )
    row = BespokeInstrument.objects.create(
        scheme=scheme,
        instrument_id=definition.id,
        version=definition.version,
        name=definition.name,
        definition=dict(data),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="bespoke_instrument",
        object_id=row.pk,
        scheme_id=scheme.pk,
        detail={"instrument": row.instrument_id, "version": row.version},
    )
    return row
