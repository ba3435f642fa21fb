"""Every admin address refuses staff who signed in with a password alone, GET and POST."""

import re

import pytest
from django.contrib import admin
from django.urls import URLResolver
from django.urls.resolvers import RoutePattern

from catalog.models import Film
from tests.factories import FilmFactory, UserFactory
from tests.logins import log_in_staff
from tests.secondfactor.conftest import password_only

pytestmark = pytest.mark.django_db

VERIFY = "/account/two-factor/verify/"


def admin_paths(object_id):
    """Every route of the admin, its parameters filled in (an app's index once per app)."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern.pattern, RoutePattern):
                paths.append(prefix + re.sub(r"<[^>]+>", str(object_id), str(pattern.pattern)))
            elif labels := re.search(r"\(\?P<app_label>([^)]+)\)", str(pattern.pattern)):
                # An app's index: ^(?P<app_label>catalog|reviews|...)/$
                paths.extend(f"{prefix}{label}/" for label in labels[1].split("|"))
            else:  # the admin's catch-all, which answers unknown addresses
                paths.append(f"{prefix}no-such-page/")

    walk(admin.site.urls[0], "/admin/")
    return paths


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def film(db):
    return FilmFactory()


def test_the_admin_has_many_routes_and_they_are_all_tried(film):
    paths = admin_paths(film.pk)
    assert len(paths) > 80
    assert f"/admin/catalog/film/{film.pk}/delete/" in paths
    assert "/admin/catalog/" in paths
    assert "/admin/auth/user/" in paths


def test_every_admin_address_sends_a_password_only_session_to_the_second_factor(superuser, film):
    client = password_only(superuser)
    for path in admin_paths(film.pk):
        for method in (client.get, client.post):
            response = method(path, {"post": "yes", "title": "Changed"})
            assert response.status_code == 302, (method, path)
            assert response["Location"].startswith(VERIFY), (method, path)
    film.refresh_from_db()
    assert film.title != "Changed"
    assert Film.objects.filter(pk=film.pk).exists()


def test_the_admin_itself_refuses_a_password_only_session(superuser, film, settings):
    """Without the middleware, the admin site's own permission check still holds."""
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if not name.endswith("SecondFactorMiddleware")
    ]
    client = password_only(superuser)
    for path in admin_paths(film.pk):
        if path == "/admin/login/":
            continue  # the log-in page itself, which offers to log in as someone else
        for method in (client.get, client.post):
            response = method(path, {"post": "yes", "title": "Changed"})
            assert response.status_code == 302, (method, path)
            assert response["Location"].startswith(("/admin/login/", "/admin/")), (method, path)
    assert Film.objects.filter(pk=film.pk).exists()
    assert client.get("/admin/").status_code == 302
    log_in_staff(client, superuser)
    assert client.get("/admin/").status_code == 200


def test_a_session_with_the_second_factor_opens_the_admin(superuser, film):
    client = password_only(superuser)
    log_in_staff(client, superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/catalog/film/{film.pk}/change/").status_code == 200
