from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "linkwork.episodes"
    label = "episodes"
    verbose_name = "Episodes of support"

    def ready(self) -> None:
        from linkwork.core.extensions import (
            person_episode_ends,
            person_panels,
            subject_access_words,
        )
        from linkwork.episodes.person_panel import person_episodes_panel
        from linkwork.episodes.retention import person_episode_ends as episode_ends
        from linkwork.episodes.subject_access_words import episode_words

        person_panels.register(person_episodes_panel)
        person_episode_ends.register(episode_ends)
        subject_access_words.register(episode_words)
