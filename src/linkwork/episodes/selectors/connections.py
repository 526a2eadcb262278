"""What each person agreed to share with each provider, read live from their consents, so a
withdrawal stops the sharing at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from linkwork.people.models import Consent


@dataclass(frozen=True)
class Sharing:
    """What may be shared with one provider now, and whether a consent was withdrawn."""

    fields: tuple[str, ...] = ()
    withdrawn: bool = False


def sharing_with(
    *, pairs: Iterable[tuple[uuid.UUID, uuid.UUID | None]]
) -> dict[tuple[uuid.UUID, uuid.UUID], Sharing]:
    """For each (person, provider organisation): the latest consent to share that is not
    withdrawn decides; with none left but a withdrawn one, the sharing was withdrawn. One query
    for any number of pairs."""
    wanted = {(person, provider) for person, provider in pairs if provider is not None}
    if not wanted:
        return {}
    consents = Consent.objects.filter(
        kind=Consent.Kind.SHARE_WITH_VCSE,
        person_id__in={person for person, _ in wanted},
        organisation_id__in={provider for _, provider in wanted},
    ).order_by("recorded_on", "created_at")
    found: dict[tuple[uuid.UUID, uuid.UUID], Sharing] = {}
    for consent in consents:
        if consent.organisation_id is None:
            continue
        key = (consent.person_id, consent.organisation_id)
        if key not in wanted:
            continue
        if consent.withdrawn_on is None:
            found[key] = Sharing(tuple(consent.shared_fields) if consent.given else ())
        elif key not in found or found[key].withdrawn:
            found[key] = Sharing(withdrawn=True)
    return found


def consented_fields(*, person_id: uuid.UUID, provider_id: uuid.UUID | None) -> list[str]:
    """What the person agrees to share with this provider now; nothing without a consent."""
    if provider_id is None:
        return []
    sharing = sharing_with(pairs=[(person_id, provider_id)]).get((person_id, provider_id))
    return list(sharing.fields) if sharing else []
