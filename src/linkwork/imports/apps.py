from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "linkwork.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from linkwork.core.extensions import interrupted_jobs
        from linkwork.imports.jobs import import_jobs_recover

        interrupted_jobs.register(import_jobs_recover)
