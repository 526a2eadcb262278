from django.urls import path

from linkwork.voice import public_views, views

app_name = "voice"

urlpatterns = [
    path("feedback/<str:token>/", public_views.feedback_answer, name="feedback_answer"),
    path("voice/feedback/", views.feedback_results_view, name="feedback_results"),
    path("voice/case-studies/", views.case_study_list, name="case_study_list"),
    path("voice/case-studies/export.csv", views.case_study_export_view, name="case_study_export"),
    path(
        "voice/referrals/<uuid:referral_id>/case-studies/new/",
        views.case_study_new,
        name="case_study_new",
    ),
    path("voice/case-studies/<uuid:case_study_id>/", views.case_study_detail, name="case_study"),
    path(
        "voice/case-studies/<uuid:case_study_id>/edit/",
        views.case_study_edit,
        name="case_study_edit",
    ),
    path(
        "voice/case-studies/<uuid:case_study_id>/approve/",
        views.case_study_approve_view,
        name="case_study_approve",
    ),
    path(
        "voice/case-studies/<uuid:case_study_id>/withdraw/",
        views.case_study_withdraw_view,
        name="case_study_withdraw",
    ),
]
