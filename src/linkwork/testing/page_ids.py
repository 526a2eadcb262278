"""Element ids on a rendered page, in document order, for tests about anchors and labels."""

from __future__ import annotations

from html.parser import HTMLParser


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.summary_links: list[str] = []
        self._in_summary = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if "nhsuk-error-summary" in (attributes.get("class") or "").split():
            self._in_summary = 1
        elif self._in_summary and tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.summary_links.append(str(attributes["href"])[1:])


def element_ids(html: str) -> list[str]:
    """Every id on the page, in document order (repeats included)."""
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def error_summary_targets(html: str) -> list[str]:
    """The ids the error summary links to, in the summary's order."""
    parser = _Ids()
    parser.feed(html)
    return parser.summary_links
