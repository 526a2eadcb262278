from django.urls import path

from linkwork.tasks import views

app_name = "tasks"

urlpatterns = [
    path("tasks/", views.my_task_list, name="mine"),
    path("tasks/scheme/", views.scheme_task_list, name="scheme"),
    path("tasks/new/", views.task_new, name="new"),
    path("tasks/referrals/<uuid:referral_id>/new/", views.episode_task_new, name="episode_new"),
    path("tasks/<uuid:task_id>/done/", views.task_done, name="done"),
    path("tasks/<uuid:task_id>/pass/", views.task_pass, name="pass"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/seen/", views.notifications_seen, name="notifications_seen"),
    path("notifications/email/", views.notification_email, name="notification_email"),
]
