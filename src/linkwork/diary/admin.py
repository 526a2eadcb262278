"""Admin: a scheme's diary rules. Appointments are written only through the pages."""

from __future__ import annotations

from django.contrib import admin

from linkwork.diary.models import DiarySettings


@admin.register(DiarySettings)
class DiarySettingsAdmin(admin.ModelAdmin[DiarySettings]):
    list_display = ("scheme", "missed_contacts", "quiet_days")
