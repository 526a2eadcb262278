from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "linkwork.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding and contact notes"

    def ready(self) -> None:
        from linkwork.core.extensions import episode_safety_panels
        from linkwork.safeguarding.hooks import episode_safeguarding_panel

        # Every code of this app's tables is a field's choices, which subject access words
        # itself: no `subject_access_words` provider is needed.
        episode_safety_panels.register(episode_safeguarding_panel)
