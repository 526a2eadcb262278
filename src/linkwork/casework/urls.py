from django.urls import path

from linkwork.casework import views, views_vcse

app_name = "casework"

urlpatterns = [
    path("referrals/<uuid:referral_id>/encounters/", views.encounter_add, name="encounter_add"),
    path("referrals/<uuid:referral_id>/goals/", views.goal_add_view, name="goal_add"),
    path(
        "referrals/<uuid:referral_id>/goals/<uuid:goal_id>/",
        views.goal_status_view,
        name="goal_status",
    ),
    path("referrals/<uuid:referral_id>/connections/", views.connection_add, name="connection_add"),
    path(
        "referrals/<uuid:referral_id>/connections/to-service/",
        views.connection_to_service,
        name="connection_to_service",
    ),
    path(
        "referrals/<uuid:referral_id>/connections/<uuid:connection_id>/",
        views.connection_status_view,
        name="connection_status",
    ),
    path("referrals/<uuid:referral_id>/financial-gains/", views.gain_add, name="gain_add"),
    path("referrals/<uuid:referral_id>/discharge/", views.discharge, name="discharge"),
    path("referrals/<uuid:referral_id>/summary/", views.summary, name="episode_summary"),
    path("caseload/handover/", views.handover, name="handover"),
    path("vcse/inbox/", views_vcse.inbox, name="vcse_inbox"),
    path("vcse/connections/<uuid:connection_id>/", views_vcse.reply, name="vcse_reply"),
]
