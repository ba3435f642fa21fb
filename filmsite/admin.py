"""The site's admin: Django's, with the log-in limited as the site's is, and closed to staff
who have not proved their second factor."""

from django.contrib import admin
from django.http import HttpRequest

from filmsite.accounts.forms import LimitedAdminAuthenticationForm
from filmsite.secondfactor.services import is_verified


class FilmsiteAdminSite(admin.AdminSite):
    login_form = LimitedAdminAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        # SecondFactorMiddleware sends such staff to prove it first; this holds for every
        # admin view (admin_view checks it) should a view ever be exempted from the middleware.
        return super().has_permission(request) and is_verified(request.user)
