from django.urls import path

from linkwork.diary import views

app_name = "diary"

APPOINTMENT = "diary/appointments/<uuid:appointment_id>"

urlpatterns = [
    path("diary/", views.my_diary, name="my_diary"),
    path("diary/settings/", views.diary_settings, name="settings"),
    path(
        "diary/settings/<uuid:scheme_id>/",
        views.diary_settings_change,
        name="settings_change",
    ),
    path(
        "referrals/<uuid:referral_id>/appointments/new/",
        views.appointment_new,
        name="appointment_new",
    ),
    path(f"{APPOINTMENT}/move/", views.appointment_move_view, name="appointment_move"),
    path(f"{APPOINTMENT}/cancel/", views.appointment_cancel_view, name="appointment_cancel"),
    path(f"{APPOINTMENT}/attended/", views.appointment_attended_view, name="appointment_attended"),
    path(
        f"{APPOINTMENT}/did-not-attend/",
        views.appointment_did_not_attend_view,
        name="appointment_did_not_attend",
    ),
]
