from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "linkwork.episodes"
    label = "episodes"
    verbose_name = "Episodes of support"

    def ready(self) -> None:
        from linkwork.core.extensions import person_panels
        from linkwork.episodes.person_panel import person_episodes_panel

        person_panels.register(person_episodes_panel)
