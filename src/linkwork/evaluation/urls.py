from django.urls import path

from linkwork.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.dashboard, name="dashboard"),
    path("evaluation/run/", views.run, name="run"),
    path("evaluation/jobs/<uuid:job_id>/", views.job, name="job"),
    path("evaluation/jobs/<uuid:job_id>/report.<str:fmt>", views.download, name="download"),
]
