"""Collects every measured request, by page, from all the virtual users' threads."""

from __future__ import annotations

import threading

from linkwork.bench.loadtest.client import Response, error_of
from linkwork.bench.loadtest.figures import PageFigures


class Recorder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.pages: dict[str, PageFigures] = {}

    def record(
        self,
        page: str,
        response: Response,
        *,
        expect_json: bool = False,
        expect_redirect: bool = False,
    ) -> str | None:
        error = error_of(response, expect_json=expect_json)
        if error is None and expect_redirect and response.status == 200:
            # A form answered with itself: the server refused what was entered.
            error = "form not accepted"
        with self._lock:
            figures = self.pages.setdefault(page, PageFigures(page))
            figures.add(
                response.seconds, None if error is None else f"{error} {_snippet(response)}"
            )
        return error

    def record_failure(self, page: str, seconds: float, reason: str) -> None:
        """A request that got no answer at all (connection refused, timed out)."""
        with self._lock:
            self.pages.setdefault(page, PageFigures(page)).add(seconds, reason)


def _snippet(response: Response) -> str:
    if response.status >= 500 or response.status == 200:
        return ""
    return response.location[:80]
