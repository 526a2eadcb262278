from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "linkwork.audit"
    label = "audit"

    def ready(self) -> None:
        from linkwork.audit import receivers
        from linkwork.audit.maintenance import define_sqlite_switch

        receivers.connect()
        connection_created.connect(define_sqlite_switch, dispatch_uid="audit_maintenance_switch")
