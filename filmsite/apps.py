"""The admin app, configured to use the site's own AdminSite (filmsite/admin.py)."""

from django.contrib.admin.apps import AdminConfig


class FilmsiteAdminConfig(AdminConfig):
    default_site = "filmsite.admin.FilmsiteAdminSite"
