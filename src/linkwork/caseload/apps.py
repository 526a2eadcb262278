from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "linkwork.caseload"
    label = "caseload"
    verbose_name = "Caseload"
