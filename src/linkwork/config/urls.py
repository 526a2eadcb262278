from django.contrib import admin
from django.urls import include, path

from linkwork.api import api

admin.site.site_header = "linkwork administration"
admin.site.site_title = "linkwork"

urlpatterns = [
    path("", include("linkwork.accounts.urls")),
    path("", include("linkwork.organisations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
