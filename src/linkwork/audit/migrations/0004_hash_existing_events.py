"""Link the events recorded before the chain existed, oldest first, and record the head."""

import hashlib
import json
from datetime import UTC

from django.db import migrations

GENESIS = ""


def link(previous, event):
    """The chain rule of linkwork.audit.chain, frozen here as it stood for these events."""
    text = lambda value: "" if value is None else str(value)  # noqa: E731
    canonical = json.dumps(
        {
            "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": text(event.actor_id),
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "person": text(event.person_id),
            "scheme": text(event.scheme_id),
            "detail": event.detail,
            "subjects": [],
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256((previous + canonical).encode()).hexdigest()


def hash_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    previous, last_id = GENESIS, None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        previous = link(previous, event)
        AuditEvent.objects.filter(pk=event.pk).update(hash=previous)
        last_id = event.pk
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"last_event_id": last_id, "last_hash": previous}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_subjects_and_indexes")]

    operations = [migrations.RunPython(hash_existing, migrations.RunPython.noop)]
