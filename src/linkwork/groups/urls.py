from django.urls import path

from linkwork.groups import views

app_name = "groups"

SESSION = "groups/sessions/<uuid:session_id>"

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.activity_new, name="activity_new"),
    path("groups/<uuid:activity_id>/", views.activity_detail, name="activity_detail"),
    path("groups/<uuid:activity_id>/sessions/new/", views.session_new, name="session_new"),
    path(f"{SESSION}/", views.session_detail, name="session_detail"),
    path(f"{SESSION}/change/", views.session_edit, name="session_edit"),
    path(f"{SESSION}/cancel/", views.session_cancel, name="session_cancel"),
]
