from django.urls import path

from linkwork.referrals import views, views_public

app_name = "referrals"

urlpatterns = [
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:referral_id>/sent/", views.referral_sent, name="referral_sent"),
    path("referrals/<uuid:referral_id>/accept/", views.referral_accept_view, name="accept"),
    path("referrals/<uuid:referral_id>/decline/", views.referral_decline_view, name="decline"),
    path("referrals/<uuid:referral_id>/assign/", views.referral_assign_view, name="assign"),
    path("referrals/<uuid:referral_id>/close/", views.referral_close_view, name="close"),
    path("referrals/<uuid:referral_id>/at-risk/", views.referral_at_risk_view, name="at_risk"),
    path(
        "referrals/<uuid:referral_id>/what-matters/",
        views.referral_what_matters_view,
        name="what_matters",
    ),
    path("self-referral/<slug:slug>/", views_public.self_referral, name="self_referral"),
    path(
        "self-referral/<slug:slug>/thank-you/",
        views_public.self_referral_done,
        name="self_referral_done",
    ),
]
