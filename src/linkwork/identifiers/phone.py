"""Telephone numbers as people type them: checked for shape, kept as typed but tidied.

A link worker rings the number, so what matters is that it can be dialled: UK numbers
(0 and ten more digits, or +44 and ten digits) and international numbers written with a
leading +. Spaces, hyphens, dots and brackets are presentation and are allowed.
"""

from __future__ import annotations

import re

from linkwork.identifiers.errors import IdentifierError

__all__ = ["normalise_phone"]

_PRESENTATION = re.compile(r"[\s\-.()]+")
_UK_NATIONAL = re.compile(r"0[1-9][0-9]{8,9}")
_UK_INTERNATIONAL = re.compile(r"\+44[1-9][0-9]{8,9}")
# E.164 allows at most 15 digits after the +.
_INTERNATIONAL = re.compile(r"\+[1-9][0-9]{7,14}")
_HINT = "Enter a telephone number like 01632 960 001, 07700 900 982 or +44 7700 900 982."


def normalise_phone(raw: str) -> str:
    """The number with single spaces, or IdentifierError saying what to type.

    >>> normalise_phone(" 07700-900982 ")
    '07700 900982'
    >>> normalise_phone("+44 (0)7700 900 982")
    '+44 7700 900 982'
    """
    text = " ".join(raw.split())
    # "+44 (0)7700" is common on letters: the bracketed 0 is not dialled from abroad.
    text = text.replace("(0)", "")
    compact = _PRESENTATION.sub("", text)
    if not compact:
        raise IdentifierError("phone_empty", _HINT)
    if not re.fullmatch(r"\+?[0-9]+", compact):
        raise IdentifierError(
            "phone_characters",
            f"Telephone number can only contain digits, spaces and a leading +. {_HINT}",
        )
    if compact.startswith("+"):
        if compact.startswith("+44") and not _UK_INTERNATIONAL.fullmatch(compact):
            raise IdentifierError("phone_length", f"A UK number after +44 has 10 digits. {_HINT}")
        if not _INTERNATIONAL.fullmatch(compact):
            raise IdentifierError(
                "phone_length", f"Telephone number is too short or too long. {_HINT}"
            )
    elif not _UK_NATIONAL.fullmatch(compact):
        raise IdentifierError(
            "phone_length", f"A UK telephone number starts with 0 and has 10 or 11 digits. {_HINT}"
        )
    return " ".join(_PRESENTATION.sub(" ", text).split())
