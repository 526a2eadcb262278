from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "linkwork.episodes"
    label = "episodes"
    verbose_name = "Episodes of support"

    def ready(self) -> None:
        from linkwork.core.extensions import person_episode_ends, person_panels
        from linkwork.episodes.person_panel import person_episodes_panel
        from linkwork.episodes.retention import person_episode_ends as episode_ends

        person_panels.register(person_episodes_panel)
        person_episode_ends.register(episode_ends)
