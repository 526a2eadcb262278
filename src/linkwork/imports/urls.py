from django.urls import path

import linkwork.imports.views as views

app_name = "imports"

urlpatterns = [
    path("imports/", views.index, name="index"),
    path("imports/upload/", views.upload, name="upload"),
    path("imports/<uuid:run_id>/", views.run_page, name="run"),
    path("imports/<uuid:run_id>/start/", views.start, name="start"),
    path("imports/<uuid:run_id>/discard/", views.discard, name="discard"),
    path("imports/<uuid:run_id>/reverse/", views.reverse_run, name="reverse"),
]
