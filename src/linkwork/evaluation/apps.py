from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "linkwork.evaluation"
    label = "evaluation"
