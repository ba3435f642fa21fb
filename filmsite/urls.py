from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from catalog.sitemaps import FilmSitemap, PersonSitemap
from reviews.sitemaps import ReviewSitemap

from . import converters, sitemaps, views, wellknown

# Registered before the includes below are read, since their routes use it.
register_converter(converters.UsernameConverter, "username")
register_converter(converters.UnicodeSlugConverter, "uslug")

# The sitemap's sections, by the name their pages' addresses carry.
SITEMAP_SECTIONS = {"films": FilmSitemap, "people": PersonSitemap, "reviews": ReviewSitemap}

urlpatterns = [
    # First: the admin resolves each change list row's link (to keep its filters), and the
    # site's patterns before it cost a fifth of a filtered change list's time. No site
    # address starts with "admin/", so the order changes nothing else.
    path("admin/", admin.site.urls),
    path("", include("catalog.urls")),
    path("", include("reviews.urls")),
    path("", include("filmsite.accounts.urls")),
    path("", include("filmsite.library.urls")),
    path("", include("filmsite.secondfactor.urls")),
    path("", include("filmsite.moderation.urls")),
    path("healthz", views.healthz, name="healthz"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sections": SITEMAP_SECTIONS},
        name="sitemap_index",
    ),
    path(
        "sitemap-<slug:section>-<int:page>.xml",
        sitemaps.section,
        {"sections": SITEMAP_SECTIONS},
        name="sitemap_section",
    ),
    path("robots.txt", wellknown.robots_txt, name="robots_txt"),
    path("opensearch.xml", wellknown.opensearch_xml, name="opensearch"),
    path("manifest.webmanifest", wellknown.web_app_manifest, name="web_app_manifest"),
    path("favicon.ico", wellknown.root_icon, {"name": "favicon.ico"}, name="favicon"),
    path(
        "apple-touch-icon.png",
        wellknown.root_icon,
        {"name": "apple-touch-icon.png"},
        name="apple_touch_icon",
    ),
]

handler400 = views.bad_request
handler404 = views.page_not_found
handler500 = views.server_error

if settings.SERVE_MEDIA and not settings.MEDIA_ORIGIN:
    from django.urls import re_path

    from . import uploads

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", uploads.media)]
