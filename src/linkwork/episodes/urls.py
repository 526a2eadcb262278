from django.urls import path

from linkwork.episodes.views import (
    caseload,
    connections,
    discharge,
    encounters,
    episode_page,
    financial_gains,
    handover,
    plan,
    referral,
    referral_lists,
    self_referral,
    summary,
    vcse_inbox,
)

app_name = "episodes"

EPISODE = "referrals/<uuid:referral_id>"

urlpatterns = [
    path("referrals/new/", referral.referral_new, name="referral_new"),
    path("referrals/mine/", referral_lists.referral_list, {"which": "mine"}, name="my_referrals"),
    path(
        "referrals/practice/",
        referral_lists.referral_list,
        {"which": "practice"},
        name="practice_referrals",
    ),
    path(f"{EPISODE}/", episode_page.referral_detail, name="referral_detail"),
    path(f"{EPISODE}/sent/", referral.referral_sent, name="referral_sent"),
    path(f"{EPISODE}/accept/", referral.referral_accept_view, name="accept"),
    path(f"{EPISODE}/decline/", referral.referral_decline_view, name="decline"),
    path(f"{EPISODE}/assign/", referral.referral_assign_view, name="assign"),
    path(f"{EPISODE}/close/", referral.referral_close_view, name="close"),
    path(f"{EPISODE}/at-risk/", referral.referral_at_risk_view, name="at_risk"),
    path(f"{EPISODE}/safety/", referral.referral_safety_view, name="safety"),
    path(f"{EPISODE}/what-matters/", referral.referral_what_matters_view, name="what_matters"),
    path(f"{EPISODE}/encounters/", encounters.encounter_add, name="encounter_add"),
    path(f"{EPISODE}/goals/", plan.goal_add_view, name="goal_add"),
    path(f"{EPISODE}/goals/<uuid:goal_id>/", plan.goal_status_view, name="goal_status"),
    path(f"{EPISODE}/connections/", connections.connection_add, name="connection_add"),
    path(
        f"{EPISODE}/connections/to-service/",
        connections.connection_to_service,
        name="connection_to_service",
    ),
    path(
        f"{EPISODE}/connections/<uuid:connection_id>/",
        connections.connection_status_view,
        name="connection_status",
    ),
    path(f"{EPISODE}/financial-gains/", financial_gains.gain_add, name="gain_add"),
    path(f"{EPISODE}/discharge/", discharge.discharge, name="discharge"),
    path(f"{EPISODE}/summary/", summary.summary, name="episode_summary"),
    path(f"{EPISODE}/summary.pdf", summary.summary_pdf, name="episode_summary_pdf"),
    path(f"{EPISODE}/summary/amend/", summary.summary_amend, name="episode_summary_amend"),
    path(f"{EPISODE}/summary/v<int:version>/", summary.summary, name="episode_summary_version"),
    path(
        f"{EPISODE}/summary/v<int:version>.pdf",
        summary.summary_pdf,
        name="episode_summary_version_pdf",
    ),
    path(
        f"{EPISODE}/summary/v<int:version>/sent/",
        summary.summary_mark_sent,
        name="episode_summary_sent",
    ),
    path("caseload/handover/", handover.handover, name="handover"),
    path("caseload/<slug:queue>/", caseload.caseload_queue, name="caseload_queue"),
    path("vcse/inbox/", vcse_inbox.inbox, name="vcse_inbox"),
    path("vcse/connections/<uuid:connection_id>/", vcse_inbox.reply, name="vcse_reply"),
    path("self-referral/", self_referral.self_referral_index, name="self_referral_index"),
    path("self-referral/<slug:slug>/", self_referral.self_referral, name="self_referral"),
    path(
        "self-referral/<slug:slug>/thank-you/",
        self_referral.self_referral_done,
        name="self_referral_done",
    ),
]
