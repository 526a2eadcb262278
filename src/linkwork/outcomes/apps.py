from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "linkwork.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from linkwork.core.extensions import episode_outcome_changes, person_panels
        from linkwork.outcomes.hooks import episode_changes, person_outcomes_panel

        person_panels.register(person_outcomes_panel)
        episode_outcome_changes.register(episode_changes)
