from django.apps import AppConfig


class ImplementationConfig(AppConfig):
    name = "linkwork.implementation"
    label = "implementation"
