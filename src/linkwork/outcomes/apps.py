from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "linkwork.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from linkwork.core.extensions import (
            episode_outcome_changes,
            person_panels,
            subject_access_words,
        )
        from linkwork.outcomes.hooks import episode_changes, person_outcomes_panel
        from linkwork.outcomes.subject_access_words import outcome_words

        person_panels.register(person_outcomes_panel)
        episode_outcome_changes.register(episode_changes)
        subject_access_words.register(outcome_words)
