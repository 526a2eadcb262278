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
        from linkwork.core.extensions import imported_from, interrupted_jobs, periodic_jobs
        from linkwork.imports.sources import imported_from as runs_imported_from

        interrupted_jobs.register(_imports_recover)
        imported_from.register(runs_imported_from)
        periodic_jobs.register(
            PeriodicJob(
                "imports discard-abandoned",
                "LINKWORK_DISCARD_ABANDONED_UPLOADS_EVERY_SECONDS",
                3600,
                _abandoned_uploads_discard,
            )
        )
