"""The one exception raised when an identifier or postcode is not acceptable."""

from __future__ import annotations

__all__ = ["IdentifierError"]


class IdentifierError(ValueError):
    """An identifier failed validation.

    ``code`` is a stable machine-readable reason (for forms, APIs and tests);
    the message is written for the person who typed the value in.

    Parameters
    ----------
    code
        Stable reason code, for example ``"nhs_number_check_digit"``.
    message
        Plain-English explanation that says what to do next.

    Examples
    --------
    >>> error = IdentifierError("postcode_format", "That is not a UK postcode.")
    >>> error.code
    'postcode_format'
    >>> str(error)
    'That is not a UK postcode.'
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"IdentifierError(code={self.code!r}, message={self.message!r})"
