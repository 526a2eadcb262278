"""Valid NHS numbers (Modulus 11 check digit) in order, for generated exports."""

from __future__ import annotations

__all__ = ["nhs_numbers"]


def nhs_numbers(count: int, *, after: int = 999_000_000) -> list[str]:
    """The first `count` valid numbers whose first nine digits come after `after`; a body
    whose check digit would be 10 has no valid number and is passed over."""
    found: list[str] = []
    body = after
    while len(found) < count:
        body += 1
        digits = str(body)
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits)) % 11
        if check != 10:
            found.append(digits + ("0" if check == 11 else str(check)))
    return found
