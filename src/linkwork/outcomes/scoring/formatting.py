"""Number and word formatting shared by human-facing error messages."""

from __future__ import annotations


def fmt(value: float) -> str:
    """Show 10.0 as '10' and 26.02 as '26.02', so messages match the published tables."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def show(value: object) -> str:
    """Render a rejected answer: numbers as typed, anything else quoted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt(value)
    return repr(value)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
