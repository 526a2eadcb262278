"""Under /caseload/: the list at the top and every other page at least two levels down, so
none of them is taken for one of the home page's queues (/caseload/<queue>/)."""

from django.urls import path

from linkwork.caseload import views

app_name = "caseload"

urlpatterns = [
    path("caseload/", views.caseload_list, name="list"),
    path("caseload/list/search/", views.caseload_search, name="search"),
    path("caseload/export/csv/", views.caseload_export, name="export"),
    path("caseload/filters/save/", views.saved_filter_new, name="filter_save"),
    path(
        "caseload/filters/<uuid:filter_id>/delete/",
        views.saved_filter_remove,
        name="filter_delete",
    ),
    path("caseload/bulk/reassign/", views.bulk_reassign, name="bulk_reassign"),
    path("caseload/bulk/remind/", views.bulk_remind, name="bulk_remind"),
    path("caseload/bulk/close/", views.bulk_close, name="bulk_close"),
]
