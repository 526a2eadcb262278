from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "linkwork.diary"
    label = "diary"
    verbose_name = "Diary"

    def ready(self) -> None:
        from linkwork.core.extensions import (
            caseload_next_contacts,
            episode_closed,
            episode_panels,
        )
        from linkwork.diary import notices
        from linkwork.diary.hooks import cancel_on_close, diary_episode_panel, next_contacts

        notices.connect()

        episode_panels.register(diary_episode_panel)
        caseload_next_contacts.register(next_contacts)
        episode_closed.register(cancel_on_close)
