from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "linkwork.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from linkwork.core.extensions import scheme_fidelity
        from linkwork.evaluation.fidelity import scheme_fidelity as gather_fidelity

        scheme_fidelity.register(gather_fidelity)
