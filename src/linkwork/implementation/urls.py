from django.urls import path

from linkwork.implementation.views import activity, dashboards, nomad, public, records

app_name = "implementation"

urlpatterns = [
    path("implementation/", dashboards.index_view, name="index"),
    path("implementation/activity/", activity.activity_week_view, name="activity_week"),
    path(
        "implementation/activity/<uuid:pk>/remove/",
        activity.activity_delete_view,
        name="activity_delete",
    ),
    path(
        "implementation/schemes/<slug:slug>/",
        dashboards.scheme_dashboard_view,
        name="scheme_dashboard",
    ),
    path(
        "implementation/practices/<uuid:pk>/",
        dashboards.practice_dashboard_view,
        name="practice_dashboard",
    ),
    path("implementation/practices/<uuid:pk>/events/", records.events_view, name="events"),
    path(
        "implementation/practices/<uuid:pk>/continuity/",
        records.continuity_view,
        name="continuity",
    ),
    path(
        "implementation/practices/<uuid:pk>/continuity/coverage/",
        records.coverage_add,
        name="coverage_add",
    ),
    path(
        "implementation/practices/<uuid:pk>/continuity/absences/",
        records.absence_add,
        name="absence_add",
    ),
    path(
        "implementation/practices/<uuid:pk>/continuity/handovers/",
        records.handover_add,
        name="handover_add",
    ),
    path(
        "implementation/practices/<uuid:pk>/initiatives/",
        records.initiatives_view,
        name="initiatives",
    ),
    path(
        "implementation/practices/<uuid:pk>/leadership/",
        records.leadership_view,
        name="leadership",
    ),
    path("implementation/practices/<uuid:pk>/nomad/", nomad.rounds_view, name="nomad_rounds"),
    path("implementation/nomad/<uuid:pk>/", nomad.round_view, name="nomad_round"),
    path("implementation/nomad/<uuid:pk>/links/", nomad.links_issue_view, name="nomad_links"),
    path("implementation/nomad/<uuid:pk>/close/", nomad.round_close_view, name="nomad_close"),
    # The public answer page: no login; the token is the only key.
    path("nomad/<str:token>/", public.answer_view, name="nomad_answer"),
]
