from __future__ import annotations

from django.urls import path

from linkwork.core.health_views import healthz

app_name = "core"

urlpatterns = [path("healthz", healthz, name="healthz")]
