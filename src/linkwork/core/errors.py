"""The domain exception hierarchy: every interface maps these to a clear message."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is safe to show to users."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        field_errors: Mapping[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field_errors: dict[str, list[str]] = {
            key: list(value) for key, value in (field_errors or {}).items()
        }


class InvalidTransitionError(DomainError):
    pass


class NotFoundError(DomainError):
    pass
