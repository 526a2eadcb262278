from django.urls import path

from linkwork.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/due/", views.due, name="due"),
    path("outcomes/referrals/<uuid:referral_id>/record/", views.record, name="record"),
    path("outcomes/people/<uuid:person_id>/", views.person_outcomes, name="person"),
    path(
        "outcomes/administrations/<uuid:administration_id>/",
        views.administration_detail,
        name="administration",
    ),
    path(
        "outcomes/alerts/<uuid:alert_id>/acknowledge/",
        views.alert_acknowledge,
        name="alert_acknowledge",
    ),
]
