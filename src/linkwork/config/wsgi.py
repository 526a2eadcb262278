"""WSGI entry point for production servers."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from linkwork.core.blas import single_threaded_blas

single_threaded_blas()  # before the app (or a report it runs) loads numpy
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.production")
application = get_wsgi_application()
