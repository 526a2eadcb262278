"""The Django admin for staff accounts. It cannot give a role that opens people's records, nor
make an administrator: those go through a grant request that a second administrator approves
(/access/grants/), so no single administrator can give themselves access to records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import GUARDED_ROLES, Role
from linkwork.accounts.second_factor import second_factor_remove
from linkwork.accounts.signals import second_factor_reset

GRANTABLE_HERE = [(r.value, r.label) for r in Role if r not in GUARDED_ROLES]
GUARDED_VALUES = frozenset(r.value for r in GUARDED_ROLES)
# Flags and permission sets that make an administrator: never edited in the admin.
ADMIN_FLAGS = ("is_staff", "is_superuser", "groups", "user_permissions")


class MembershipInline(admin.TabularInline):
    """Shown for reference only: memberships are added in the Membership admin (roles that do
    not open records) or by an approved grant (roles that do)."""

    model = Membership
    extra = 0
    fk_name = "user"
    fields = ("role", "organisation", "scheme", "started_on", "ended_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class LinkworkUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    actions = ["reset_second_factor"]

    @admin.action(description="Reset two-factor sign-in (lost phone and recovery codes)")
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            second_factor_remove(user=user)
            second_factor_reset.send(sender=User, user=user, request=request, reason="removed")
        self.message_user(
            request,
            f"Two-factor sign-in reset for {queryset.count()} account(s): each sets it up again "
            "at their next sign-in.",
            messages.SUCCESS,
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), *ADMIN_FLAGS]


class MembershipAdminForm(forms.ModelForm):
    role = forms.ChoiceField(
        choices=GRANTABLE_HERE,
        help_text="Roles that open people's records are given by a grant request that a second "
        "administrator approves, under Access grants.",
    )

    class Meta:
        model = Membership
        fields = ["user", "organisation", "scheme", "role", "started_on", "ended_on"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "role", "organisation", "scheme", "started_on", "ended_on"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation", "scheme"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A membership that opens records is read-only here, so it cannot be moved to another
        # scheme or user; ending it is done by deleting it (which is audited).
        if obj is not None and obj.role in GUARDED_VALUES:
            return False
        return super().has_change_permission(request, obj)
