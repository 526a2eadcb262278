from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from linkwork.api import FALLBACK_URL_NAME, api, path_fallback
from linkwork.core.discovery import linkwork_app_modules

admin.site.site_header = "linkwork administration"
admin.site.site_title = "linkwork"

# Each app's urls.py carries its own prefixes and an `app_name` namespace.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(module.__name__)) for module in linkwork_app_modules("urls")
]
urlpatterns += [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Last, so it sees only the API paths nothing else matched (and APPEND_SLASH leaves them).
    re_path(r"^api/v1/(?P<rest>.*)$", path_fallback, name=FALLBACK_URL_NAME),
]

handler500 = "linkwork.core.error_pages.server_error"
