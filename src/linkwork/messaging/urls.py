from django.urls import path

from linkwork.messaging import views

app_name = "messaging"

urlpatterns = [
    path("messaging/mesh/", views.mesh_sends, name="mesh_sends"),
    path(
        "messaging/mesh/<uuid:mesh_message_id>/send-again/",
        views.mesh_send_again,
        name="mesh_send_again",
    ),
]
