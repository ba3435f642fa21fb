"""The site's admin: Django's, with the log-in limited as the site's is."""

from django.contrib import admin

from filmsite.accounts.forms import LimitedAdminAuthenticationForm


class FilmsiteAdminSite(admin.AdminSite):
    login_form = LimitedAdminAuthenticationForm
