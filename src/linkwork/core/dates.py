"""Date arithmetic the apps share. Pure Python: rules and mapping code may import it."""

from __future__ import annotations

from datetime import date


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on `day` (a person born on 29 February turns a year older on
    1 March in years that have no 29 February)."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)
