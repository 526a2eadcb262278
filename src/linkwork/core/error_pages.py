"""The server error page. It is styled like every other page, but rendered without the
request's context processors (they read the database, which may be what failed), and falls
back to plain HTML if even the styled template cannot render."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

PLAIN_500 = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service &ndash; linkwork</title></head>"
    "<body><h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later. Nothing you entered in the last step was saved.</p>"
    '<p><a href="/">Go to your home page</a></p></body></html>'
)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    try:
        body = loader.get_template("500.html").render()
    except Exception:
        logger.exception("The styled error page could not render; serving the plain one.")
        body = PLAIN_500
    return HttpResponseServerError(body)
