"""Production settings: secrets from the environment, HTTPS only."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from linkwork.config.env import env_bool, env_int
from linkwork.config.settings.base import *  # noqa: F403

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
DEBUG = env_bool("DEBUG", default=False)

SECURE_SSL_REDIRECT = env_bool("LINKWORK_SSL_REDIRECT", default=True)
# Load balancers ask over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("LINKWORK_HSTS_SECONDS", default=31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
