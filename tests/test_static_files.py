"""Collected static files are stored hashed, gzipped and Brotli-compressed, and served so."""

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

PRODUCTION_STATIC_STORAGE = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "filmsite.staticstorage.RememberingManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The static files as `collectstatic` writes them for production, in a folder of their own."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STATIC_STORAGE):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def stylesheet_url(collected):
    """The hashed stylesheet's address, as pages link to it: /static/css/site.<hash>.css."""
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION_STATIC_STORAGE):
        return staticfiles_storage.url("css/site.css")


def stylesheet_file(collected):
    return collected / stylesheet_url(collected).removeprefix(settings.STATIC_URL)


def test_collectstatic_writes_a_brotli_copy_of_the_hashed_stylesheet(collected):
    hashed = stylesheet_file(collected)
    assert hashed.name != "site.css"
    compressed = hashed.with_name(hashed.name + ".br")
    assert compressed.is_file()
    assert brotli.decompress(compressed.read_bytes()) == hashed.read_bytes()


def test_the_stylesheet_is_served_in_brotli_to_a_browser_that_accepts_it(collected):
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION_STATIC_STORAGE):
        serve = WhiteNoiseMiddleware(lambda request: pytest.fail("not served as a static file"))
    request = RequestFactory().get(
        stylesheet_url(collected), HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd"
    )
    response = serve(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    body = b"".join(response.streaming_content)
    assert brotli.decompress(body) == stylesheet_file(collected).read_bytes()


def test_the_storage_works_each_url_out_once_and_gives_the_same_after(collected):
    from filmsite.staticstorage import RememberingManifestStaticFilesStorage

    with override_settings(STATIC_ROOT=collected):
        storage = RememberingManifestStaticFilesStorage()
        url = storage.url("css/site.css")
        assert url != "/static/css/site.css"  # the hashed name, from the manifest
        # Told nothing more, it answers from memory: a manifest emptied under it changes nothing.
        storage.hashed_files.clear()
        assert storage.url("css/site.css") == url
        # An unknown name is refused as before (manifest_strict), and not remembered.
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
        assert "css/missing.css" not in storage._urls
