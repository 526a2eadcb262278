"""The sign-in libraries' apps under names an administrator understands: the admin index shows
each app's verbose name, and theirs default to code labels such as "Otp_Totp"."""

from __future__ import annotations

from axes.apps import AppConfig as AxesConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = "Two-factor sign-in: authenticator apps"


class RecoveryCodesConfig(StaticConfig):
    verbose_name = "Two-factor sign-in: recovery codes"


class LockoutsConfig(AxesConfig):
    verbose_name = "Sign-in lockouts"
