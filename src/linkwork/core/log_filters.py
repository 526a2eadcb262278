"""Logging filters for the console log."""

from __future__ import annotations

import logging

_SERVER_ERROR = 500


class ClientErrorsInOneLine(logging.Filter):
    """Django logs every refused request (403, 404, 400) with the traceback of the exception
    that refused it. Those are the product working as meant, and a walk through the pages by
    someone without a role fills the log with them; keep their one-line warning and drop the
    traceback, so the tracebacks left in the log are the server's own errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < _SERVER_ERROR:
            record.exc_info = None
            record.exc_text = None
        return True
