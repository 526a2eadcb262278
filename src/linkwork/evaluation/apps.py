from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "linkwork.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from linkwork.core.extensions import interrupted_jobs
        from linkwork.evaluation.jobs import jobs_interrupted_recover

        interrupted_jobs.register(jobs_interrupted_recover)
