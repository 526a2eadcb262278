"""What a person reads on a rendered page, and the stored codes that must never be part of it.

A page may carry codes in attributes (form values, CSS classes, data-* hooks); only its text
is read. Every vocabulary's multi-word codes ("loneliness_isolation", "in-progress") are
distinctive enough to look for anywhere in that text; one-word codes ("gp", "active") are
ordinary words, so tests look for those where a label belongs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.db import models

from linkwork.core.choices import Choices

_HIDDEN = frozenset({"script", "style", "template"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's text with tags, scripts and styles taken out, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _vocabularies() -> list[type]:
    found: list[type] = []
    pending: list[type] = [Choices, models.TextChoices]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def multiword_codes() -> frozenset[str]:
    """Every stored code made of more than one word (joined by "_" or "-")."""
    codes = set()
    for vocabulary in _vocabularies():
        for code, _label in getattr(vocabulary, "choices", []):
            if re.fullmatch(r"[a-z0-9]+(?:[_-][a-z0-9]+)+", str(code)):
                codes.add(str(code))
    return frozenset(codes)


def raw_codes_in(text: str, codes: frozenset[str] | None = None) -> list[str]:
    """The codes (by default every multi-word code) that appear as whole words in `text`,
    and any bracketed coding-system reference such as "[SNOMED CT 123]"."""
    wanted = multiword_codes() if codes is None else codes
    words = set(re.findall(r"(?<![\w-])[a-z0-9]+(?:[_-][a-z0-9]+)+(?![\w-])", text))
    found = sorted(words & wanted)
    found += re.findall(r"\[(?:SNOMED|READ|ICD)[^\]]*\]", text)
    return found
