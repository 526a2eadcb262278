from django.urls import path

from linkwork.access import views

app_name = "access"

urlpatterns = [
    path("access/grants/", views.grant_list, name="grant_list"),
    path("access/grants/new/", views.grant_create, name="grant_create"),
    path("access/grants/<uuid:grant_id>/approve/", views.grant_approve, name="grant_approve"),
    path("access/grants/<uuid:grant_id>/refuse/", views.grant_refuse, name="grant_refuse"),
    path("access/break-glass/", views.break_glass, name="break_glass"),
]
