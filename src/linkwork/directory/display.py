"""How directory facts read on a page: ages, costs and opening times in plain English. Pure."""

from __future__ import annotations

from decimal import Decimal

from linkwork.directory.oruk.values import byday_weekdays

_DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}


def _age(value: Decimal) -> str:
    return f"{value.normalize():f}"


def age_range_text(minimum: Decimal | None, maximum: Decimal | None) -> str:
    """
    >>> age_range_text(Decimal("18"), None), age_range_text(None, Decimal("15"))
    ('18 and over', 'up to 15')
    >>> age_range_text(Decimal("16.00"), Decimal("25")), age_range_text(None, None)
    ('16 to 25', 'All ages')
    """
    if minimum is None and maximum is None:
        return "All ages"
    if maximum is None:
        return f"{_age(minimum)} and over"  # type: ignore[arg-type]
    if minimum is None:
        return f"up to {_age(maximum)}"
    return f"{_age(minimum)} to {_age(maximum)}"


def cost_text(amount: Decimal | None, description: str = "", option: str = "") -> str:
    """
    >>> cost_text(Decimal("0"), "free"), cost_text(Decimal("3.5"), "per session", "Adults")
    ('Free', '£3.50 per session (Adults)')
    """
    if amount is None:
        text = "Charge not stated"
    elif amount == 0:
        text = "Free"
    else:
        text = f"£{amount:,.2f}"
    if description and description.lower() != text.lower():
        text += f" {description}"
    if option:
        text += f" ({option})"
    return text


def _time(text: str) -> str:
    return text[:5] if len(text) >= 5 and text[2] == ":" else text


def schedule_text(
    *, freq: str, interval: int | None, byday: str, opens_at: str, closes_at: str
) -> str:
    """
    >>> schedule_text(freq="WEEKLY", interval=1, byday="TH,FR", opens_at="10:00:00",
    ...               closes_at="18:00:00")
    'Every Thursday and Friday, 10:00 to 18:00'
    >>> schedule_text(freq="MONTHLY", interval=None, byday="2MO", opens_at="", closes_at="")
    'Monthly: the second Monday'
    """
    days = ""
    if byday:
        parts = [part.strip().upper() for part in byday.split(",")]
        names = []
        for part, code in zip(parts, byday_weekdays(byday), strict=True):
            prefix = part[: -len(code)]
            ordinal = _ORDINALS.get(prefix.lstrip("+"), f"{prefix}th" if prefix else "")
            names.append(f"the {ordinal} {_DAY_NAMES[code]}" if ordinal else _DAY_NAMES[code])
        days = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if freq == "MONTHLY":
        text = f"Monthly: {days}" if days else "Monthly"
    elif interval and interval > 1:
        text = f"Every {interval} weeks on {days}" if days else f"Every {interval} weeks"
    else:
        text = f"Every {days}" if days else ""
    if opens_at or closes_at:
        hours = (
            f"{_time(opens_at)} to {_time(closes_at)}"
            if opens_at and closes_at
            else (f"from {_time(opens_at)}" if opens_at else f"until {_time(closes_at)}")
        )
        text = f"{text}, {hours}" if text else hours
    return text


def web_link(url: str) -> str | None:
    """A published URL fit to link to: only http and https, whatever a feed says.

    >>> web_link("https://example.org/a"), web_link("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    return url if url.lower().startswith(("http://", "https://")) else None
