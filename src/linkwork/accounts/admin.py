from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from linkwork.accounts.models import Membership, User
from linkwork.accounts.second_factor import second_factor_remove
from linkwork.accounts.signals import second_factor_reset


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "scheme"]
    fk_name = "user"


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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "scheme", "started_on", "ended_on"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation", "scheme"]
