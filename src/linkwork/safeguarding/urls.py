from django.urls import path

from linkwork.safeguarding import views

app_name = "safeguarding"

EPISODE = "safeguarding/referrals/<uuid:referral_id>"

urlpatterns = [
    path(f"{EPISODE}/contact-notes/new/", views.contact_note_new, name="contact_note_new"),
    path(f"{EPISODE}/concerns/new/", views.concern_new, name="concern_new"),
    path(f"{EPISODE}/prompts/dismiss/", views.prompt_dismiss_view, name="prompt_dismiss"),
    path("safeguarding/concerns/", views.concern_list, name="concern_list"),
    path("safeguarding/concerns/<uuid:concern_id>/", views.concern_detail, name="concern"),
    path(
        "safeguarding/concerns/<uuid:concern_id>/update/",
        views.concern_update_view,
        name="concern_update",
    ),
    path(
        "safeguarding/concerns/<uuid:concern_id>/close/",
        views.concern_close_view,
        name="concern_close",
    ),
]
