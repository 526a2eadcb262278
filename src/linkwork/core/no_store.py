"""Every response to a signed-in user carries `Cache-Control: no-store`: pages show people's
records, and neither the browser (back button, disk cache on a shared computer) nor any proxy
may keep a copy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


class NoStoreWhenSignedInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Added to what the view said (never_cache's max-age=0 stays); no-store overrides
            # any max-age, and private replaces public: nothing a signed-in user sees is kept.
            patch_cache_control(response, no_store=True, private=True)
        return response
