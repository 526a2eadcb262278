"""The one exception the statistics package raises about its data."""

from __future__ import annotations

__all__ = ["InsufficientDataError"]


class InsufficientDataError(ValueError):
    """The data cannot support the requested figure.

    Raised instead of returning a misleading number: too few people, no
    variation where a ratio divides by it, or a model that cannot be fitted.
    The message says which, so it can be shown to an analyst as it is.

    Examples
    --------
    >>> try:
    ...     raise InsufficientDataError("need at least 2 people, got 1")
    ... except ValueError as error:
    ...     print(error)
    need at least 2 people, got 1
    """
