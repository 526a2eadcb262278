from django.urls import re_path

from linkwork.fhir import views

app_name = "fhir"

# FHIR's own paths: resource types capitalised, no trailing slash (one is tolerated).
_ID = r"(?P<{}>[^/]+)"

urlpatterns = [
    re_path(r"^fhir/metadata/?$", views.metadata, name="metadata"),
    re_path(r"^fhir/openapi.json$", views.openapi, name="openapi"),
    re_path(r"^fhir/?$", views.transaction, name="transaction"),
    re_path(
        r"^fhir/ServiceRequest/?$", views.service_request_create, name="service_request_create"
    ),
    re_path(
        rf"^fhir/ServiceRequest/{_ID.format('request_id')}/?$",
        views.service_request,
        name="service_request",
    ),
    re_path(r"^fhir/Task/?$", views.task_search, name="task_search"),
    re_path(rf"^fhir/Task/{_ID.format('task_id')}/?$", views.task, name="task"),
    re_path(
        rf"^fhir/Task/{_ID.format('task_id')}/_history/{_ID.format('version_id')}/?$",
        views.task_version,
        name="task_version",
    ),
    re_path(
        rf"^fhir/Composition/{_ID.format('composition_id')}/\$document/?$",
        views.composition_document,
        name="composition_document",
    ),
]
