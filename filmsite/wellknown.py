"""The files browsers and crawlers ask for by name at the site's root.

`robots.txt` (where crawlers may go, and the sitemap), `opensearch.xml` (the site search for
browsers' address bars), the web app manifest, and the icons that are requested at the root
whether or not a page links them (`/favicon.ico`, `/apple-touch-icon.png`). Addresses in them
are absolute from `settings.SITE_URL`, never from the request's Host header.
"""

from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# Root icons, drawn from static/favicon.svg's design: {URL path: (static file, content type)}.
ROOT_ICONS = {
    "favicon.ico": ("icons/favicon.ico", "image/x-icon"),
    "apple-touch-icon.png": ("icons/apple-touch-icon.png", "image/png"),
}
# Browsers and crawlers fetch these often; a day keeps them fresh enough after a change.
A_DAY = 24 * 60 * 60


@require_safe
@cache_control(public=True, max_age=A_DAY)
def robots_txt(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(
        request,
        "wellknown/robots.txt",
        {"sitemap_url": settings.SITE_URL + reverse("sitemap_index")},
        content_type="text/plain; charset=utf-8",
    )


@require_safe
@cache_control(public=True, max_age=A_DAY)
def opensearch_xml(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(
        request,
        "wellknown/opensearch.xml",
        {
            "search_url": settings.SITE_URL + reverse("catalog:search"),
            "self_url": settings.SITE_URL + reverse("opensearch"),
            "icon_url": settings.SITE_URL + reverse("favicon"),
        },
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


@require_safe
@cache_control(public=True, max_age=A_DAY)
def web_app_manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        # The F sits inside the safe zone, so the same drawing serves as a maskable icon.
        {
            "src": static("icons/icon-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    manifest = {
        "name": "Filmsite",
        "short_name": "Filmsite",
        "description": "Films, their casts and honest reviews.",
        "start_url": reverse("catalog:home"),
        "scope": "/",
        "display": "minimal-ui",
        # --colour-accent and --colour-background in static/css/site.css.
        "theme_color": "#8a1c1c",
        "background_color": "#ffffff",
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@require_safe
@cache_control(public=True, max_age=A_DAY)
def root_icon(request: HttpRequest, name: str) -> HttpResponse:
    path, content_type = ROOT_ICONS[name]
    return HttpResponse(_static_bytes(path), content_type=content_type)


@cache
def _static_bytes(path: str) -> bytes:
    """A static file's bytes, read once per process: from the project's static/ folder."""
    found = finders.find(path)
    if not isinstance(found, str):
        raise FileNotFoundError(f"static file {path} is missing")
    with open(found, "rb") as file:
        return file.read()
