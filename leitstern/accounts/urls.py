from django.urls import path

from leitstern.accounts import data_views, views

app_name = "accounts"

urlpatterns = [
    # Signing in and out
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_page, name="login"),
    path("logout/", views.logout_page, name="logout"),
    # Passwords
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password/change/", views.password_change, name="password_change"),
    # Profile and API tokens
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    # One's own data: download it, or delete the account
    path("my-data/", data_views.personal_export, name="personal_export"),
    path("delete/", data_views.account_delete, name="delete"),
]
