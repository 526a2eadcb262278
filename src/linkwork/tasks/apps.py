from django.apps import AppConfig

from linkwork.core.scheduling import PeriodicJob


class TasksConfig(AppConfig):
    name = "linkwork.tasks"
    label = "tasks"
    verbose_name = "Tasks and notifications"

    def ready(self) -> None:
        from linkwork.core.extensions import episode_panels, periodic_jobs
        from linkwork.tasks import rules
        from linkwork.tasks.due import raise_due_words
        from linkwork.tasks.hooks import episode_tasks_panel

        rules.connect()
        episode_panels.register(episode_tasks_panel)
        periodic_jobs.register(
            PeriodicJob(
                "tasks raise-due", "LINKWORK_RAISE_DUE_EVERY_SECONDS", 3600, raise_due_words
            )
        )
