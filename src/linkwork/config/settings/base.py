"""Settings shared by every environment. Environment-specific modules import from here."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from linkwork.config.env import (
    env_bool,
    env_date,
    env_int,
    env_json,
    env_list,
    env_str,
    var_dir,
)

PACKAGE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = var_dir()

DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "template_partials",
    "csp",
    "django_otp",
    "django_tasks",
    "django_tasks_db",
    # The two-factor and lockout apps under readable names (accounts/third_party_apps.py).
    "linkwork.accounts.third_party_apps.AuthenticatorAppsConfig",
    "linkwork.accounts.third_party_apps.RecoveryCodesConfig",
    "linkwork.accounts.third_party_apps.LockoutsConfig",
    "linkwork.core",
    "linkwork.accounts",
    "linkwork.organisations",
    "linkwork.lookups",
    "linkwork.audit",
    "linkwork.access",
    "linkwork.people",
    "linkwork.episodes",
    "linkwork.directory",
    "linkwork.outcomes",
    "linkwork.messaging",
    "linkwork.safeguarding",
    "linkwork.implementation",
    "linkwork.diary",
    "linkwork.tasks",
    "linkwork.caseload",
    "linkwork.groups",
    "linkwork.workforce",
    "linkwork.evaluation",
    "linkwork.imports",
    "linkwork.demo",
    "linkwork.fhir",
    "linkwork.voice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "linkwork.accounts.middleware.SessionLifetimeMiddleware",
    "linkwork.accounts.middleware.SecondFactorMiddleware",
    "linkwork.access.actor.ActingUserMiddleware",
    "linkwork.core.no_store.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "linkwork.audit.middleware.AuditBufferMiddleware",
    "linkwork.core.method_not_allowed.MethodNotAllowedPageMiddleware",
    # Last, so it sees the lockout flag the authentication backend set on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "linkwork.config.urls"
WSGI_APPLICATION = "linkwork.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "linkwork.accounts.context_processors.navigation",
                "linkwork.tasks.context_processors.notifications",
            ],
        },
    }
]

# Connections are kept for a minute and checked before reuse, so a request does not pay for a
# new PostgreSQL connection and a dropped one is replaced rather than failing the request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'linkwork.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60, minimum=0),
        conn_health_checks=True,
    )
}
# A small team on the embedded database: readers never wait for the writer (WAL), a writer
# waits its turn instead of failing at once (busy timeout), and a transaction takes the
# write lock when it starts, so two cannot both read and then deadlock trying to write.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("LINKWORK_SQLITE_TIMEOUT", default=20, minimum=1),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    # PostgreSQL's planner defaults assume a spinning disk (an index probe four times the cost
    # of a sequential page) and compile any costly query to machine code first. linkwork's
    # working set is cached and its pages run short queries: with the defaults a scheme
    # manager's caseload read every person in the database (55 ms) rather than probing its
    # 2,800 by index (2 ms), and paid 15 ms of compiling. Set empty, the server's own
    # settings apply.
    PLANNER_OPTIONS = env_str(
        "DATABASE_PLANNER_OPTIONS", default="-c random_page_cost=1.1 -c jit=off"
    )
    if PLANNER_OPTIONS:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", PLANNER_OPTIONS)

# Background jobs (evaluation reports) wait in the database until `linkwork worker` takes them,
# so they outlive the web request and a restart of either process.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The evaluation's fitted multilevel models, keyed by a fingerprint of the data and the
# question, so a report repeated on unchanged data does not refit them. On disk, so the web
# processes and the background worker share one cache and it survives a restart.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "evaluation": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "evaluation"),
        "TIMEOUT": env_int("LINKWORK_EVALUATION_CACHE_SECONDS", default=30 * 86_400, minimum=1),
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    },
}

# The application server (`linkwork serve`): processes, threads in each, and the seconds a
# request may take before its worker is replaced.
LINKWORK_WEB_WORKERS = env_int("LINKWORK_WEB_WORKERS", default=2, minimum=1)
LINKWORK_WEB_THREADS = env_int("LINKWORK_WEB_THREADS", default=8, minimum=1)
LINKWORK_WEB_TIMEOUT = env_int("LINKWORK_WEB_TIMEOUT", default=120, minimum=1)

# Argon2 first: new and re-hashed passwords use it; the others only read legacy hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout backend first: it refuses a locked-out account or address before any password
# is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Shared NHS machines: a session ends after a period without activity, not at a fixed time.
SESSION_IDLE_MINUTES = env_int("LINKWORK_SESSION_IDLE_MINUTES", default=30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# ...and, however active, after this many hours from signing in.
SESSION_MAX_HOURS = env_int("LINKWORK_SESSION_MAX_HOURS", default=12, minimum=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Two-factor sign-in: authenticator apps name the account "linkwork".
OTP_TOTP_ISSUER = "linkwork"

# Repeated failed sign-ins (passwords, codes) lock out the account, and separately the address
# they came from, for a cooling-off period.
SIGN_IN_FAILURE_LIMIT = env_int("LINKWORK_SIGN_IN_FAILURE_LIMIT", default=10, minimum=1)
SIGN_IN_COOL_OFF_MINUTES = env_int("LINKWORK_SIGN_IN_COOL_OFF_MINUTES", default=15, minimum=1)
# How many reverse proxies of ours stand in front of the app. 0: the client is REMOTE_ADDR and
# X-Forwarded-For (which anyone can send) is ignored.
TRUSTED_PROXY_COUNT = env_int("LINKWORK_TRUSTED_PROXY_COUNT", default=0, minimum=0)
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SIGN_IN_COOL_OFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "linkwork.accounts.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "linkwork.accounts.views_second_factor.locked_out"
# Success does not clear the count: otherwise one account's right password would wipe the
# failures recorded against the address it came from.
AXES_RESET_ON_SUCCESS = False
# The audit trail records every sign-in; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Self-service password reset needs a working mail relay, which most deployments lack at first.
PASSWORD_RESET_ENABLED = env_bool("LINKWORK_PASSWORD_RESET_ENABLED", default=False)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="linkwork@localhost")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# No inline script or style anywhere: everything is served from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

NINJA_PAGINATION_PER_PAGE = 50
# Rows on one page of an HTML list, and in a queue previewed on a home page (the queue links
# to its full, paginated list).
LINKWORK_PAGE_SIZE = env_int("LINKWORK_PAGE_SIZE", default=50, minimum=1)
LINKWORK_QUEUE_PREVIEW_SIZE = env_int("LINKWORK_QUEUE_PREVIEW_SIZE", default=25, minimum=1)

# Product tunables, each documented in the README.
DIRECTORY_STALE_AFTER_DAYS = env_int("LINKWORK_DIRECTORY_STALE_DAYS", default=183, minimum=1)
LINKWORK_CONNECTION_FOLLOW_UP_DAYS = env_int(
    "LINKWORK_CONNECTION_FOLLOW_UP_DAYS", default=14, minimum=1
)
# Fix "today" for every rule and page (the demo serves its world as of its reference date);
# unset, today is the local date.
LINKWORK_TODAY = env_date("LINKWORK_TODAY")
# Emergency (break-glass) access to a scheme's records lasts at most this many hours.
LINKWORK_BREAK_GLASS_MAX_HOURS = env_int("LINKWORK_BREAK_GLASS_MAX_HOURS", default=4, minimum=1)
LINKWORK_NOMAD_MIN_RESPONSES = env_int("LINKWORK_NOMAD_MIN_RESPONSES", default=5, minimum=2)
LINKWORK_SUPPRESSION_THRESHOLD = env_int("LINKWORK_SUPPRESSION_THRESHOLD", default=10, minimum=2)
# External evaluation reports round published counts to the nearest this many (1: exact).
LINKWORK_ROUNDING_BASE = env_int("LINKWORK_ROUNDING_BASE", default=5, minimum=1)
# A key shared by installations whose dataset packages are pooled: people get a linkage id.
LINKWORK_LINKAGE_KEY_FILE = env_str("LINKWORK_LINKAGE_KEY_FILE", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_in_one_line": {"()": "linkwork.core.log_filters.ClientErrorsInOneLine"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors_in_one_line"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="WARNING")},
}

# Messages out (docs/messaging.md). Messages to people go through GOV.UK Notify when its API
# key is set, and otherwise into a folder of JSON files (one a message) that nothing sends on.
LINKWORK_NOTIFY_API_KEY = env_str("LINKWORK_NOTIFY_API_KEY", default="")
LINKWORK_NOTIFY_BASE_URL = env_str(
    "LINKWORK_NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk"
)
# Notify template ids by purpose and channel, as JSON: {"appointment_reminder": {"sms": "…"}}.
LINKWORK_NOTIFY_TEMPLATES = env_json("LINKWORK_NOTIFY_TEMPLATES", default={})
LINKWORK_OUTBOX_DIR = VAR_DIR / "outbox"
LINKWORK_MESSAGE_MAX_ATTEMPTS = env_int("LINKWORK_MESSAGE_MAX_ATTEMPTS", default=3, minimum=1)
# A connection waiting this many days on the service's reply raises a task to chase it.
LINKWORK_TASK_SILENT_DAYS = env_int("LINKWORK_TASK_SILENT_DAYS", default=14, minimum=1)
# How often `linkwork worker` sends the appointment reminders due and raises the tasks due, in
# seconds (0: not at all, for a deployment that runs the commands from cron instead).
LINKWORK_REMINDERS_EVERY_SECONDS = env_int(
    "LINKWORK_REMINDERS_EVERY_SECONDS", default=300, minimum=0
)
LINKWORK_RAISE_DUE_EVERY_SECONDS = env_int(
    "LINKWORK_RAISE_DUE_EVERY_SECONDS", default=3600, minimum=0
)
# An uploaded export nobody imports is discarded with its files after this many hours; the
# worker looks every LINKWORK_DISCARD_ABANDONED_UPLOADS_EVERY_SECONDS.
LINKWORK_IMPORT_UPLOADS_KEEP_HOURS = env_int(
    "LINKWORK_IMPORT_UPLOADS_KEEP_HOURS", default=24, minimum=1
)
LINKWORK_DISCARD_ABANDONED_UPLOADS_EVERY_SECONDS = env_int(
    "LINKWORK_DISCARD_ABANDONED_UPLOADS_EVERY_SECONDS", default=3600, minimum=0
)
# Where people reach the product from outside, for links sent to them (the feedback link).
LINKWORK_PUBLIC_URL = env_str("LINKWORK_PUBLIC_URL", default="http://localhost:8000")
# End-of-episode summaries to practices by MESH. Off while LINKWORK_MESH_URL is empty.
LINKWORK_MESH_URL = env_str("LINKWORK_MESH_URL", default="")
LINKWORK_MESH_MAILBOX = env_str("LINKWORK_MESH_MAILBOX", default="")
LINKWORK_MESH_PASSWORD = env_str("LINKWORK_MESH_PASSWORD", default="")
LINKWORK_MESH_SHARED_KEY = env_str("LINKWORK_MESH_SHARED_KEY", default="")
LINKWORK_MESH_WORKFLOW_ID = env_str(
    "LINKWORK_MESH_WORKFLOW_ID", default="SOCIAL_PRESCRIBING_SUMMARY"
)
# Client certificate and key for MESH's mutual TLS, and the CA bundle to check MESH against
# ("false" only for a local sandbox).
LINKWORK_MESH_CERT = env_str("LINKWORK_MESH_CERT", default="")
LINKWORK_MESH_KEY = env_str("LINKWORK_MESH_KEY", default="")
LINKWORK_MESH_VERIFY = env_str("LINKWORK_MESH_VERIFY", default="")
# Each practice's MESH mailbox, by the practice's ODS code: "A81001=A81001OT001,B82002=…".
LINKWORK_MESH_MAILBOXES = dict(
    part.split("=", 1) for part in env_list("LINKWORK_MESH_MAILBOXES", default=[]) if "=" in part
)
LINKWORK_MESH_ACK_HOURS = env_int("LINKWORK_MESH_ACK_HOURS", default=72, minimum=1)
LINKWORK_MESH_MAX_ATTEMPTS = env_int("LINKWORK_MESH_MAX_ATTEMPTS", default=5, minimum=1)
LINKWORK_MESH_RETRY_MINUTES = env_int("LINKWORK_MESH_RETRY_MINUTES", default=5, minimum=1)
