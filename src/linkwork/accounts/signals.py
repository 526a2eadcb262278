"""Account-security moments that the audit trail records (it connects to these; accounts
cannot import the audit app, which sits above it)."""

from __future__ import annotations

from django.dispatch import Signal

# Each is sent with `user` and `request` (None outside a web request).
second_factor_enrolled = Signal()
# Also `method`: "authenticator" or "recovery_code", and `recovery_codes_left`.
second_factor_verified = Signal()
# Also `reason`: "new_recovery_codes" or "removed".
second_factor_reset = Signal()
