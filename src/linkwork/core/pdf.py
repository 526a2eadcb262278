"""HTML to PDF with WeasyPrint, for documents people download and send on (the
end-of-episode summary). Fonts come from the system (through Pango and fontconfig); nothing
is fetched: a document's HTML carries its own styles, and any URL in it is refused.

WeasyPrint (with Pango, fontTools and pydyf) loads on the first document printed, not when
the views that offer documents are imported: a web process starts without it."""

from __future__ import annotations

from functools import cache
from typing import Any, NoReturn


@cache
def _no_fetcher_class() -> Any:
    from weasyprint.urls import URLFetcher

    class _NoFetcher(URLFetcher):  # WeasyPrint is untyped: a subclass of Any
        # Documents are printed offline; a stray stylesheet or image URL must not reach out.
        def fetch(self, url: str, headers: object = None) -> NoReturn:
            raise ValueError(f"Documents do not load {url!r}.")

    return _NoFetcher


def html_to_pdf(html: str) -> bytes:
    """The PDF of a whole HTML page; its <title> becomes the document's title."""
    import weasyprint

    return bytes(weasyprint.HTML(string=html, url_fetcher=_no_fetcher_class()()).write_pdf())
