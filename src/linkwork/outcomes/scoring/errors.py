"""Errors raised by the scoring engine.

Both subclass ValueError so callers (forms, API views) can treat them as bad input
while still telling a bad answer apart from a bad instrument definition.
"""

from __future__ import annotations


class ScoringError(ValueError):
    """Responses (or change inputs) that cannot be scored.

    `item` names the offending item code when one item is to blame, else None.
    """

    def __init__(self, message: str, *, item: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.item = item


class DefinitionError(ValueError):
    """An instrument definition that is internally inconsistent or malformed.

    `field` names the offending definition field (e.g. "bands" or "items[2].max").
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        text = f"{field}: {message}" if field else message
        super().__init__(text)
        self.message = text
        self.field = field
