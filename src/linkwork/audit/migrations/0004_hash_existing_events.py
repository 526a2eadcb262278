"""Link the events recorded before the chain existed, oldest first, and record the head."""

from django.db import migrations

from linkwork.audit.chain import GENESIS, ChainContent, link


def hash_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    previous, last_id = GENESIS, None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        previous = link(
            previous,
            ChainContent(
                at=event.at,
                actor_id=event.actor_id,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                person_id=event.person_id,
                scheme_id=event.scheme_id,
                detail=event.detail,
            ),
        )
        AuditEvent.objects.filter(pk=event.pk).update(hash=previous)
        last_id = event.pk
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"last_event_id": last_id, "last_hash": previous}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_subjects_and_indexes")]

    operations = [migrations.RunPython(hash_existing, migrations.RunPython.noop)]
