from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "linkwork.voice"
    label = "voice"
    verbose_name = "The person's own voice"

    def ready(self) -> None:
        from linkwork.core.extensions import (
            episode_discharged,
            episode_panels,
            subject_access_words,
        )
        from linkwork.voice.hooks import feedback_on_discharge, voice_episode_panel
        from linkwork.voice.subject_access_words import voice_words

        episode_discharged.register(feedback_on_discharge)
        episode_panels.register(voice_episode_panel)
        subject_access_words.register(voice_words)
