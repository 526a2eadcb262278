from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "linkwork.audit"
    label = "audit"

    def ready(self) -> None:
        from linkwork.audit import receivers

        receivers.connect()
