"""A cell's value as a problem message shows it: in quotes, cut short with an ellipsis, and
with each character that cannot be seen named (a zero-width space, a non-breaking space),
since an invisible character is often the very reason a value did not match. Not Python's
repr, whose escapes (\\u200b, \\xa0, doubled backslashes) mean nothing to the person fixing
the file."""

from __future__ import annotations

import unicodedata

__all__ = ["quoted"]

# Characters that look like nothing, or like a plain space, by the name a person would know.
_NAMED = {
    "\u00a0": "non-breaking space",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "byte order mark",
    "\t": "tab",
    "\n": "line break",
    "\r": "carriage return",
}
SHOWN_CHARS = 60


def _shown(character: str) -> str:
    if character in _NAMED:
        return f"[{_NAMED[character]}]"
    if character.isprintable():
        return character
    name = unicodedata.name(character, "").lower()
    return f"[{name}]" if name else f"[character U+{ord(character):04X}]"


def quoted(value: str, limit: int = SHOWN_CHARS) -> str:
    """
    >>> quoted("Face to face"), quoted("M\\u200b"), quoted("Social\\xa0worker")
    ("'Face to face'", "'M[zero-width space]'", "'Social[non-breaking space]worker'")
    >>> quoted("Tele\\\\phone"), quoted("x" * 8, limit=5)
    ("'Tele\\\\phone'", "'xxxxx…'")
    """
    cut = value if len(value) <= limit else value[:limit] + "…"
    return "'" + "".join(_shown(c) for c in cut) + "'"
