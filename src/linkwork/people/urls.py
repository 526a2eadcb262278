from django.urls import path

from linkwork.people import rights_views, views

app_name = "people"

urlpatterns = [
    path("people/", views.person_search, name="person_search"),
    path("people/retention/", rights_views.retention_review, name="retention_review"),
    path("people/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path(
        "people/<uuid:person_id>/corrections/",
        rights_views.correction_add,
        name="correction_add",
    ),
    path(
        "people/<uuid:person_id>/restriction/",
        rights_views.restriction_change,
        name="restriction_change",
    ),
    path(
        "people/<uuid:person_id>/legal-hold/",
        rights_views.legal_hold_change,
        name="legal_hold_change",
    ),
    path("people/<uuid:person_id>/erase/", rights_views.erase, name="person_erase"),
    path(
        "people/<uuid:person_id>/subject-access/",
        rights_views.subject_access,
        name="subject_access",
    ),
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
