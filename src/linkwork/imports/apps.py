from __future__ import annotations

from django.apps import AppConfig

from linkwork.core.scheduling import PeriodicJob


def _imports_recover() -> int:
    # Imported when a worker starts, not at start-up: the jobs module brings in the pipeline's
    # polars, which a web process does not need.
    from linkwork.imports.jobs import import_jobs_recover

    return import_jobs_recover()


def _abandoned_uploads_discard() -> str:
    from linkwork.imports.uploads import abandoned_uploads_discard

    return abandoned_uploads_discard()


class ImportsConfig(AppConfig):
    name = "linkwork.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from linkwork.core.extensions import interrupted_jobs, periodic_jobs

        interrupted_jobs.register(_imports_recover)
        periodic_jobs.register(
            PeriodicJob(
                "imports discard-abandoned",
                "LINKWORK_DISCARD_ABANDONED_UPLOADS_EVERY_SECONDS",
                3600,
                _abandoned_uploads_discard,
            )
        )
