from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "linkwork.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from linkwork.core.extensions import interrupted_jobs, scheme_fidelity
        from linkwork.evaluation.fidelity import scheme_fidelity as gather_fidelity
        from linkwork.evaluation.jobs import jobs_interrupted_recover

        interrupted_jobs.register(jobs_interrupted_recover)
        scheme_fidelity.register(gather_fidelity)
