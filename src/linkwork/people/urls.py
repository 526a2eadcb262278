from django.urls import path

from linkwork.people import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_search, name="person_search"),
    path("people/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("people/<uuid:person_id>/consents/", views.consent_add, name="consent_add"),
    path(
        "people/<uuid:person_id>/consents/<uuid:consent_id>/withdraw/",
        views.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "people/<uuid:person_id>/merge/<uuid:other_id>/",
        views.person_merge_view,
        name="person_merge",
    ),
]
