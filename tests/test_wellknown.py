"""The files browsers and crawlers ask for at the site's root: robots.txt, icons, OpenSearch,
the web app manifest."""

import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db

SITE = "https://films.example"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_noise(client):
    response = client.get("/robots.txt", HTTP_HOST="mirror.example")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow:")}
    # Search, any list's filters, sorts and pages (query strings), accounts, the admin.
    assert {"/search/", "/films/?", "/*?", "/accounts/", "/admin/"} <= disallowed
    assert "/" not in disallowed


@pytest.mark.parametrize(
    ("path", "content_type", "image_format", "size"),
    [
        ("/favicon.ico", "image/x-icon", "ICO", (48, 48)),
        ("/apple-touch-icon.png", "image/png", "PNG", (180, 180)),
    ],
)
def test_root_icons_are_real_images(client, path, content_type, image_format, size):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == (image_format, size)


def test_favicon_ico_holds_the_small_sizes_browsers_pick_from(client):
    image = Image.open(io.BytesIO(client.get("/favicon.ico").content))
    assert image.info["sizes"] == {(16, 16), (32, 32), (48, 48)}


def test_opensearch_description_points_at_the_site_search(client):
    response = client.get("/opensearch.xml", HTTP_HOST="mirror.example")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert root.findtext(f"{OPENSEARCH}ShortName") == "Filmsite"
    urls = {url.get("type"): url.get("template") for url in root.findall(f"{OPENSEARCH}Url")}
    assert urls["text/html"] == f"{SITE}/search/?q={{searchTerms}}"
    assert urls["application/opensearchdescription+xml"] == f"{SITE}/opensearch.xml"


def test_manifest_names_the_site_and_icons_that_exist(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["start_url"]) == ("Filmsite", "/")
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        width, height = map(int, icon["sizes"].split("x"))
        assert Image.open(path).size == (width, height)


def test_every_page_links_the_icons_the_manifest_and_the_site_search(client):
    html = client.get("/").content.decode()
    assert '<link rel="search" type="application/opensearchdescription+xml"' in html
    assert 'href="/opensearch.xml"' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in html
    assert "/static/icons/favicon.ico" in html


def test_the_csp_lets_browsers_load_the_manifest(client):
    assert "manifest-src 'self'" in client.get("/").headers["Content-Security-Policy"]
