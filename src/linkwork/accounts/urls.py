from django.urls import path

from linkwork.accounts import views, views_second_factor

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("scheme/", views.hub, name="hub"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", views.password_reset, name="password_reset"),
    path("accounts/two-factor/", views_second_factor.second_factor, name="second_factor"),
    path(
        "accounts/two-factor/set-up/",
        views_second_factor.second_factor_setup,
        name="second_factor_setup",
    ),
    path("accounts/recovery-codes/", views_second_factor.recovery_codes, name="recovery_codes"),
]
