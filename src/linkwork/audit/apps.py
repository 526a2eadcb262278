from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "linkwork.audit"
    label = "audit"

    def ready(self) -> None:
        from linkwork.audit import receivers
        from linkwork.audit.maintenance import define_sqlite_switch
        from linkwork.audit.partitions import partitions_after_migrate

        receivers.connect()
        connection_created.connect(define_sqlite_switch, dispatch_uid="audit_maintenance_switch")
        post_migrate.connect(partitions_after_migrate, sender=self, dispatch_uid="audit_partitions")
