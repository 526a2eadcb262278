"""Take what identifies a person out of free text, for case studies shared outside the scheme.
Pure Python.

Each kind of identifier is replaced by its name in square brackets, so a reader sees that
something was there (``[name]``, ``[NHS or CHI number]``, ``[date]``, ``[postcode]``,
``[phone number]``, ``[email address]``). Order matters: email addresses first (they hold
words and digits), then full dates, the ten-digit NHS and CHI numbers, telephone numbers,
postcodes, and last the names the record knows (the person's own names, and any others the
caller passes, such as their link worker's).

What it cannot do: recognise a name the record does not hold (a neighbour, a group's
organiser), a partial postcode, an address written out, or a rare detail that identifies by
itself ("the only Welsh harpist in the village"). That is why a scheme manager reads and
approves every case study before it can be exported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NAME = "[name]"
NUMBER = "[NHS or CHI number]"
DATE = "[date]"
POSTCODE = "[postcode]"
PHONE = "[phone number]"
EMAIL = "[email address]"

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_DATES = (
    # 12/03/1956, 12-3-56, 12.03.1956
    re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)"),
    # 1956-03-12
    re.compile(r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)"),
    # 12 March 1956, 12th Mar 1956, 1st of March 1956
    re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}\b", re.IGNORECASE
    ),
    # March 12, 1956 and March 12th 1956
    re.compile(rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE),
)
# Ten digits, written whole or grouped 3-3-4 (NHS) or 6-4 (CHI: the date of birth, then four).
# Not when it follows "+44 " or "(0)": that is the end of a telephone number.
_NUMBER = re.compile(
    r"(?<![\d+)(])(?<!\+44 )(?<!\+44-)(?:\d{3}[ -]?\d{3}[ -]?\d{4}|\d{6}[ -]?\d{4})(?!\d)"
)
# A UK telephone number: +44 (optionally "(0)") or a leading 0 (optionally in brackets with
# the area code), then digits with single spaces or hyphens between them. Each separator must
# be followed by a digit, so the match ends on the last digit and never takes the space or
# the words after it.
_PHONE = re.compile(r"(?<![\w+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)\d{2,4}\)?(?:[ -]?\d){6,8}(?!\d)")
# A full UK postcode (outward and inward parts), in any case, with or without the space.
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ ]?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted(
        {part for name in names for part in re.split(r"[\s]+", name.strip()) if len(part) >= 2},
        key=len,
        reverse=True,  # longest first, so "Anne-Marie" goes before "Anne"
    )
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def scrub(text: str, *, names: Iterable[str] = ()) -> str:
    """The text with email addresses, full dates, NHS and CHI numbers, telephone numbers,
    postcodes and the given `names` replaced by placeholders.

    >>> scrub("Call Ada on 07700 900123 tomorrow", names=["Ada Lovelace"])
    'Call [name] on [phone number] tomorrow'
    >>> scrub("Born 10/12/1960, NHS 943 476 5919, lives at LS6 2QT.")
    'Born [date], NHS [NHS or CHI number], lives at [postcode].'
    """
    text = _EMAIL.sub(EMAIL, text)
    for date_pattern in _DATES:
        text = date_pattern.sub(DATE, text)
    text = _NUMBER.sub(NUMBER, text)
    text = _PHONE.sub(PHONE, text)
    text = _POSTCODE.sub(POSTCODE, text)
    pattern = _name_pattern(names)
    if pattern is not None:
        text = pattern.sub(NAME, text)
    return text
