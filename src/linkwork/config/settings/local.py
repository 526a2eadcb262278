"""Development settings: the embedded SQLite default and a secret generated into var/."""

from __future__ import annotations

from linkwork.config.env import development_secret_key, env_bool
from linkwork.config.settings.base import *  # noqa: F403
from linkwork.config.settings.base import VAR_DIR

SECRET_KEY = development_secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG", default=True)
