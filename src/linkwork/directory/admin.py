"""Directory administration. Records arrive by import and capacity is kept through the service
page, so the admin is for looking things up and for saying which need a term from another
publisher's taxonomy meets."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from linkwork.directory.models import DirectoryOrganization, Service, Taxonomy, TaxonomyTerm


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ("name", "organization", "region", "status", "capacity", "capacity_verified_on")
    list_filter = ("region", "status", "capacity")
    search_fields = ("name", "organization__name")
    list_select_related = ("organization", "region")


@admin.register(DirectoryOrganization)
class DirectoryOrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "registry_organisation")
    search_fields = ("name",)
    list_select_related = ("registry_organisation",)


@admin.register(Taxonomy)
class TaxonomyAdmin(ReadOnlyAdmin):
    list_display = ("name", "version")


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ("name", "taxonomy", "need")
    list_editable = ("need",)
    list_filter = ("need",)
    search_fields = ("name", "term")
    fields = ("name", "term", "taxonomy", "description", "need")
    readonly_fields = ("name", "term", "taxonomy", "description")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
