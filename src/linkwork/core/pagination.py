"""One way to page an HTML list, and to preview a queue on a home page.

`page_of` wraps Django's Paginator: the database returns one page of rows (a slice) and one
count, whatever the list's length. A `?page=` that is not a number shows the first page and
one past the end shows the last, so a stale or mistyped link never answers 404 or 500.
`preview_of` is the first few rows of a queue with its total (counted only when the queue is
longer than the preview), for a home page that links to the full list. Templates render
either with "includes/pagination.html".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

T = TypeVar("T")
M = TypeVar("M", bound=Model)

__all__ = ["Preview", "page_of", "page_size", "preview_of", "preview_size"]


def page_size() -> int:
    return int(getattr(settings, "LINKWORK_PAGE_SIZE", 50))


def preview_size() -> int:
    return int(getattr(settings, "LINKWORK_QUEUE_PREVIEW_SIZE", 25))


def page_of(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    *,
    per_page: int | None = None,
    param: str = "page",
) -> Page:
    """The page of `rows` that `?page=` asks for (`param` names another parameter, for a
    second list on the same page). `rows` must be ordered."""
    paginator = Paginator(rows, per_page or page_size())
    # get_page turns a non-number into page 1 and a page past the end into the last one.
    page = paginator.get_page(request.GET.get(param))
    page.param = param  # type: ignore[attr-defined]  # for the links in includes/pagination.html
    return page


@dataclass(frozen=True)
class Preview(Generic[T]):
    """The first rows of a queue and how many it holds in all."""

    rows: list[T]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)


def preview_of(rows: QuerySet[M], *, size: int | None = None) -> Preview[M]:
    """The first `size` rows and the total. One sliced query reads one row more than is shown:
    when that row is not there, the whole queue is on show and its length is the total; only a
    longer queue is counted, by a second query. A home page shows several short queues, so
    most of its previews cost one query, and none more than two whatever the queue's length."""
    shown = size or preview_size()
    fetched = list(rows[: shown + 1])
    if len(fetched) <= shown:
        return Preview(rows=fetched, total=len(fetched))
    return Preview(rows=fetched[:shown], total=rows.count())
