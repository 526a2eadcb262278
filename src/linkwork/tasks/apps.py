from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "linkwork.tasks"
    label = "tasks"
    verbose_name = "Tasks and notifications"

    def ready(self) -> None:
        from linkwork.core.extensions import episode_panels
        from linkwork.tasks import rules
        from linkwork.tasks.hooks import episode_tasks_panel

        rules.connect()
        episode_panels.register(episode_tasks_panel)
