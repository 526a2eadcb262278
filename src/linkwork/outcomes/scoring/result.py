"""The outcome of scoring one completed questionnaire."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Reported = Literal["total", "items", "subscores"]


@dataclass(frozen=True)
class ScoreResult:
    """Scores, bands and flags for one set of responses.

    `total` is None when the instrument has no total (ONS4, licensed tools) or when
    more items were missing than the definition allows; `flags` then includes
    "incomplete". `prorated` is True when the score was estimated from fewer than
    all items.
    """

    instrument: str
    version: str
    reported: Reported
    total: float | None = None
    metric: float | None = None
    items: Mapping[str, float] | None = field(default=None, hash=False)
    subscores: Mapping[str, float] | None = field(default=None, hash=False)
    bands: Mapping[str, str] = field(default_factory=dict, hash=False)
    flags: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    prorated: bool = False

    @property
    def scored(self) -> bool:
        return "incomplete" not in self.flags

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; `items`/`subscores` appear only where reported separately."""
        data: dict[str, Any] = {
            "instrument": self.instrument,
            "version": self.version,
            "total": self.total,
            "metric": self.metric,
        }
        if self.reported == "items":
            data["items"] = None if self.items is None else dict(self.items)
        elif self.reported == "subscores":
            data["subscores"] = None if self.subscores is None else dict(self.subscores)
        data["bands"] = dict(self.bands)
        data["flags"] = list(self.flags)
        return data
