"""ASGI entry point for production servers."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

from linkwork.core.blas import single_threaded_blas

single_threaded_blas()  # before the app (or a report it runs) loads numpy
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.production")
application = get_asgi_application()
