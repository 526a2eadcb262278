from django.apps import AppConfig

from linkwork.core.scheduling import PeriodicJob


class DiaryConfig(AppConfig):
    name = "linkwork.diary"
    label = "diary"
    verbose_name = "Diary"

    def ready(self) -> None:
        from linkwork.core.extensions import (
            caseload_next_contacts,
            episode_closed,
            episode_panels,
            periodic_jobs,
        )
        from linkwork.diary import notices
        from linkwork.diary.hooks import cancel_on_close, diary_episode_panel, next_contacts

        notices.connect()

        episode_panels.register(diary_episode_panel)
        caseload_next_contacts.register(next_contacts)
        episode_closed.register(cancel_on_close)
        periodic_jobs.register(
            PeriodicJob(
                "diary send-reminders",
                "LINKWORK_REMINDERS_EVERY_SECONDS",
                300,
                notices.reminders_send_words,
            )
        )
