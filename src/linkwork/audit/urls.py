from django.urls import path

from linkwork.audit import views

app_name = "audit"

urlpatterns = [path("audit/export.csv", views.audit_export, name="export")]
