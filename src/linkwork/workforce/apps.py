from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "linkwork.workforce"
    label = "workforce"
    verbose_name = "Workforce and resources"

    def ready(self) -> None:
        from linkwork.core.extensions import episode_panels
        from linkwork.workforce.hooks import gp_appointments_panel

        episode_panels.register(gp_appointments_panel)
