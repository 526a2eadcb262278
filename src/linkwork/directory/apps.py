from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "linkwork.directory"
    label = "directory"
