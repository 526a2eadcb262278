"""The demo world's fixed reference date."""

from __future__ import annotations

from datetime import date

from linkwork.demo.world_spec import REFERENCE_DATE_ISO

REFERENCE_DATE = date.fromisoformat(REFERENCE_DATE_ISO)
