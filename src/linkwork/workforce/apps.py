from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "linkwork.workforce"
    label = "workforce"
    verbose_name = "Workforce and resources"
