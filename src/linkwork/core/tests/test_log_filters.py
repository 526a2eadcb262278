"""A refused request is logged in one line; a server error keeps its traceback."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.log import log_response

from linkwork.core.log_filters import ClientErrorsInOneLine


def _logged(status: int) -> str:
    """What the configured console handler writes for a response of `status` logged the way
    Django logs a refused request: with the exception that refused it."""
    config = {**settings.LOGGING, "disable_existing_loggers": False}
    stream = io.StringIO()
    logging.config.dictConfig(config)
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    previous = handler.setStream(stream)
    try:
        request = RequestFactory().get("/somewhere/")
        try:
            raise PermissionDenied("not yours")
        except PermissionDenied as exc:
            response = type("Response", (), {"status_code": status})()
            log_response(
                "Refused: %s", request.path, response=response, request=request, exception=exc
            )
    finally:
        handler.setStream(previous)
    return stream.getvalue()


@pytest.mark.parametrize("status", [400, 403, 404])
def test_a_refused_request_is_one_line_without_a_traceback(status: int) -> None:
    logged = _logged(status)
    assert "Refused: /somewhere/" in logged
    assert "Traceback" not in logged


def test_a_server_error_keeps_its_traceback() -> None:
    logged = _logged(500)
    assert "Traceback" in logged
    assert "PermissionDenied: not yours" in logged


def test_the_filter_leaves_records_without_a_status_alone() -> None:
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "boom", None, (ValueError, ValueError("v"), None)
    )
    assert ClientErrorsInOneLine().filter(record)
    assert record.exc_info is not None
