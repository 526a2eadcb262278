from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "linkwork.organisations"
    label = "organisations"
    verbose_name = "Registry: regions, organisations and schemes"
