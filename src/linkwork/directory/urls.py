from django.urls import path, re_path

from linkwork.directory import openreferral, views

app_name = "directory"

# The Open Referral paths are the standard's own, with no trailing slash (one is tolerated).
_ID = r"(?P<record_id>[^/]+)"

urlpatterns = [
    path("directory/", views.search, name="search"),
    path("directory/services/<uuid:service_id>/", views.service_detail, name="service_detail"),
    path(
        "directory/services/<uuid:service_id>/capacity/",
        views.capacity_update,
        name="capacity_update",
    ),
    path("directory-checks/", views.stale_list, name="stale_list"),
    re_path(r"^openreferral/?$", openreferral.index, name="oruk_index"),
    re_path(r"^openreferral/openapi\.json$", openreferral.openapi, name="oruk_openapi"),
    re_path(r"^openreferral/services/?$", openreferral.services, name="oruk_services"),
    re_path(rf"^openreferral/services/{_ID}/?$", openreferral.service, name="oruk_service"),
    re_path(
        r"^openreferral/service_at_locations/?$",
        openreferral.service_at_locations,
        name="oruk_service_at_locations",
    ),
    re_path(
        rf"^openreferral/service_at_locations/{_ID}/?$",
        openreferral.service_at_location,
        name="oruk_service_at_location",
    ),
    re_path(r"^openreferral/taxonomies/?$", openreferral.taxonomies, name="oruk_taxonomies"),
    re_path(rf"^openreferral/taxonomies/{_ID}/?$", openreferral.taxonomy, name="oruk_taxonomy"),
    re_path(
        r"^openreferral/taxonomy_terms/?$", openreferral.taxonomy_terms, name="oruk_taxonomy_terms"
    ),
    re_path(
        rf"^openreferral/taxonomy_terms/{_ID}/?$",
        openreferral.taxonomy_term,
        name="oruk_taxonomy_term",
    ),
]
