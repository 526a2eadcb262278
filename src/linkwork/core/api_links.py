"""The `Link` header an API list sends when more rows follow its page: the same request with
the next page's cursor, so a client follows links instead of building URLs."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse

from linkwork.core.cursors import cursor_encode


def next_page_link(request: HttpRequest, response: HttpResponse, *, after: Sequence[str]) -> None:
    query = request.GET.copy()
    query["cursor"] = cursor_encode(after)
    response["Link"] = f'<{request.path}?{query.urlencode()}>; rel="next"'
