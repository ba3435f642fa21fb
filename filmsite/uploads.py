"""Serving uploads from the app itself (DJANGO_SERVE_MEDIA: one server, no proxy in front),
with the caching each kind of file can bear."""

import posixpath

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve

# catalog.media names every poster and photo anew at each upload (the slug and a random
# suffix), and its renditions after it, so a name in these folders never changes content:
# browsers and proxies may keep the file a year without asking again.
UNIQUELY_NAMED_FOLDERS = ("posters/", "photos/")
IMMUTABLE = "public, max-age=31536000, immutable"
# Trailer files keep the name they were uploaded with, which a later upload can take again
# once the first file is removed: kept an hour, then checked (If-Modified-Since, 304).
REUSABLE_NAME = "public, max-age=3600"


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """The uploaded file at `path` under MEDIA_ROOT (a 404 if there is none)."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    # Judged on the path as served (`serve` resolves "posters/../trailers/x" to the trailer).
    served = posixpath.normpath(path).lstrip("/")
    response["Cache-Control"] = (
        IMMUTABLE if served.startswith(UNIQUELY_NAMED_FOLDERS) else REUSABLE_NAME
    )
    return response
