from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from . import converters, views

# Registered before the includes below are read, since their routes use it.
register_converter(converters.UsernameConverter, "username")
register_converter(converters.UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("", include("catalog.urls")),
    path("", include("reviews.urls")),
    path("", include("filmsite.accounts.urls")),
    path("", include("filmsite.library.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler400 = views.bad_request
handler404 = views.page_not_found
handler500 = views.server_error

if settings.SERVE_MEDIA and not settings.MEDIA_ORIGIN:
    from django.urls import re_path

    from . import uploads

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", uploads.media)]
