from django.urls import path

from linkwork.organisations import views

app_name = "organisations"

urlpatterns = [
    path("regions/", views.region_list_view, name="region_list"),
    path("regions/<slug:slug>/", views.region_detail, name="region_detail"),
    path("organisations/", views.organisation_list_view, name="organisation_list"),
    path("organisations/<uuid:pk>/", views.organisation_detail, name="organisation_detail"),
    path("schemes/", views.scheme_list_view, name="scheme_list"),
    path("schemes/<slug:slug>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<slug:slug>/tidier/", views.scheme_tidier_printable, name="scheme_tidier"),
    path(
        "schemes/<slug:slug>/tidier.<str:fmt>",
        views.scheme_tidier_download,
        name="scheme_tidier_download",
    ),
]
