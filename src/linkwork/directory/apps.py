from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The service directory: community services in Open Referral UK 3.0's shape, their
    capacity, search and suggestions, and the public Open Referral API."""

    name = "linkwork.directory"
    label = "directory"
    verbose_name = "Service directory"
