"""What a referral says, as every door into intake (the forms, the API, importers) hands it
over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from linkwork.accounts.models import User
from linkwork.organisations.models import Organisation


@dataclass(frozen=True, slots=True)
class ReferralDetails:
    source: str
    received_on: date
    reasons: tuple[str, ...]
    reason_text: str = ""
    risk_flags: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    practice: Organisation | None = None
    referrer: User | None = None
    referrer_name: str = ""
