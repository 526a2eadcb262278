from django.apps import AppConfig


class LookupsConfig(AppConfig):
    name = "linkwork.lookups"
    label = "lookups"
    verbose_name = "Postcode and deprivation lookups"
