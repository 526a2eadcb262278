from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "linkwork.access"
    label = "access"
    verbose_name = "Access to records"

    def ready(self) -> None:
        # Role changes are audited whatever path makes them (admin, services, shell), so the
        # receivers hang on the models' save and delete signals.
        from linkwork.access import signals

        signals.connect()
