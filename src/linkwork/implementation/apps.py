from django.apps import AppConfig


class ImplementationConfig(AppConfig):
    name = "linkwork.implementation"
    label = "implementation"
    verbose_name = "Implementation monitoring"

    def ready(self) -> None:
        from linkwork.implementation import checks  # noqa: F401 - registers the system checks
