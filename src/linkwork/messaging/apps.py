from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "linkwork.messaging"
    label = "messaging"
    verbose_name = "Messages out"

    def ready(self) -> None:
        from linkwork.core.extensions import interrupted_jobs, person_panels
        from linkwork.messaging import receivers
        from linkwork.messaging.jobs import jobs_overdue_requeue
        from linkwork.messaging.person_panel import person_messages_panel

        receivers.connect()
        person_panels.register(person_messages_panel)
        interrupted_jobs.register(jobs_overdue_requeue)
