"""Accounts: sign-up, log-in and log-out, passwords, and members' profiles.

Django's auth views are listed one by one rather than included as `django.contrib.auth.urls`,
so the rate-limited log-in and password reset are the only views at their paths and no route
works by shadowing another. The names are Django's own, without a namespace, because Django's views
and email templates reverse them so (`password_reset_done`, `password_reset_confirm`).
No route takes `str`'s any text: a reset link's uidb64 (base64url) and token (base-36 and hex
words joined by a hyphen) use only a slug's characters.
"""

from django.contrib.auth import views as auth_views
from django.contrib.flatpages import views as flatpage_views
from django.urls import path

from filmsite.secondfactor.middleware import second_factor_exempt

from . import views
from .forms import LimitedAuthenticationForm

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LimitedAuthenticationForm),
        name="login",
    ),
    # Staff may log out before proving their second factor.
    path(
        "accounts/logout/",
        second_factor_exempt(auth_views.LogoutView.as_view()),
        name="logout",
    ),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password_reset/",
        views.LimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<slug:uidb64>/<slug:token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("users/<username:username>/", views.ProfileView.as_view(), name="profile"),
    path("account/", views.account, name="account"),
    path("account/address/", views.change_address, name="change_address"),
    path("account/address/cancel/", views.cancel_address_change, name="cancel_address_change"),
    path("account/address/resend/", views.resend_confirmation, name="resend_confirmation"),
    # A signed token's three parts (payload, time, signature), each in base64url or base 62.
    path(
        "account/confirm/<slug:payload>/<slug:stamp>/<slug:signature>/",
        views.confirm_address,
        name="confirm_address",
    ),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/delete/", views.delete_account, name="delete_account"),
    path("account/data.<slug:kind>", views.download_data, name="download_data"),
    # Staff write these in the admin (Flat pages); migration 0003 put in the first text.
    path("privacy/", flatpage_views.flatpage, {"url": "/privacy/"}, name="privacy"),
    path("terms/", flatpage_views.flatpage, {"url": "/terms/"}, name="terms"),
]
