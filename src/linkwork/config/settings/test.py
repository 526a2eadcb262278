"""Test settings: fast hashing, and the same security headers as production."""

from __future__ import annotations

from linkwork.config.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-deployment"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
# Argon2 is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the source tree, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Background jobs run in the request, so tests see their results at once.
LINKWORK_RUN_JOBS_INLINE = True
# Fitted models are cached in memory, so one test run cannot answer from another's results.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "evaluation": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "evaluation",
    },
}
# A worker started by a test would otherwise tidy the var directory's uploads, which may be a
# running demo's; the job's own tests call it with a var directory of their own.
LINKWORK_DISCARD_ABANDONED_UPLOADS_EVERY_SECONDS = 0
