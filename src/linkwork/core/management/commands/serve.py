"""`linkwork serve`: the production application server (gunicorn) in front of this
installation, with the settings the `linkwork` command chose. Threads in a few processes suit
a workload that mostly waits on its database; the counts and the timeout come from settings
(LINKWORK_WEB_WORKERS, LINKWORK_WEB_THREADS, LINKWORK_WEB_TIMEOUT) or the options here.
With --with-worker it also runs a background worker beside the server (as `make demo` does);
a larger installation runs `linkwork worker` processes of its own."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, application: WSGIHandler, options: dict[str, Any]) -> None:
        self._application = application
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIHandler:
        return self._application


def _close_connections(_server: Any, _worker: Any) -> None:
    # Each worker opens its own database connections; one inherited from the parent across a
    # fork would be shared by two processes.
    connections.close_all()


class Command(BaseCommand):
    help = "Serve linkwork with the production application server (gunicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument("--workers", type=int, default=settings.LINKWORK_WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.LINKWORK_WEB_THREADS)
        parser.add_argument(
            "--timeout",
            type=int,
            default=settings.LINKWORK_WEB_TIMEOUT,
            help="seconds a request may take before its worker is restarted",
        )
        parser.add_argument(
            "--access-log", action="store_true", help="log every request to standard output"
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run one background worker (linkwork worker) for as long as the server",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("workers", "threads", "timeout"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1, not {options[name]}.")
        application = get_wsgi_application()
        connections.close_all()
        config: dict[str, Any] = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "timeout": options["timeout"],
            "graceful_timeout": options["timeout"],
            "preload_app": True,
            "post_fork": _close_connections,
            "accesslog": "-" if options["access_log"] else None,
            "errorlog": "-",
            "proc_name": "linkwork",
        }
        worker = _start_worker() if options["with_worker"] else None
        try:
            _Server(application, config).run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=options["timeout"])


def _start_worker() -> subprocess.Popen[bytes]:
    # Same interpreter and environment, so the worker reads the same settings and database.
    return subprocess.Popen([sys.executable, "-m", "linkwork", "worker"])
