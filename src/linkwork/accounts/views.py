"""Sign in, sign out and the role's home page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.home_panels import page_lead, panels_for
from linkwork.accounts.http import AppRequest
from linkwork.accounts.navigation import HUB_LABEL, hub_links
from linkwork.accounts.selectors import home_page, user_roles


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@require_GET
@login_required
def home(request: AppRequest) -> HttpResponse:
    page = home_page(user=request.user)
    panels = panels_for(request.user, user_roles(user=request.user))
    lead = page_lead(panels, page.lead)
    return render(request, "accounts/home.html", {"page": page, "panels": panels, "lead": lead})


def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Off unless LINKWORK_PASSWORD_RESET_ENABLED is set: most sites reset passwords by hand."""
    if not settings.PASSWORD_RESET_ENABLED:
        raise Http404("Password reset is not enabled.")
    view = auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        success_url="/accounts/login/?reset=sent",
    )
    return view(request)


@require_GET
@login_required
def hub(request: AppRequest) -> HttpResponse:
    """Every page the header leaves out for the user's roles, one step from the header."""
    links = hub_links(user_roles(user=request.user))
    return render(request, "accounts/hub.html", {"links": links, "title": HUB_LABEL})
