"""The privacy and terms pages: seeded by a migration, linked in every page's footer, edited by
staff who may change flat pages."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.flatpages.models import FlatPage
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse

from tests.factories import UserFactory
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db


def test_the_privacy_page_names_every_cookie_the_site_sets(client):
    page = client.get(reverse("privacy")).content.decode()
    named = set(re.findall(r"<dt><code>([^<]+)</code></dt>", page))
    assert named == {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        CookieStorage.cookie_name,
    }
    assert "no consent banner" in page


def test_the_cookies_a_member_meets_are_those_the_privacy_page_names(client):
    named = set(
        re.findall(r"<dt><code>([^<]+)</code></dt>", client.get("/privacy/").content.decode())
    )
    seen = set()
    for response in (
        client.get(reverse("signup")),
        client.post(
            reverse("signup"),
            {
                "username": "cookies",
                "email": "cookies@example.org",
                "password1": "a-long-passphrase-42",
                "password2": "a-long-passphrase-42",
                "website": "",
            },
        ),
        client.get(reverse("catalog:home")),
        client.get(reverse("account")),
    ):
        seen |= set(response.cookies)
    assert seen
    assert seen <= named


def test_the_terms_page_is_served(client):
    response = client.get(reverse("terms"))
    assert response.status_code == 200
    assert "<h1>Terms of use</h1>" in response.content.decode()


def test_every_page_links_privacy_and_terms_in_its_footer(client):
    page = client.get(reverse("catalog:home")).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert 'href="/privacy/"' in footer
    assert 'href="/terms/"' in footer


def test_staff_with_the_permission_edit_the_privacy_page(client):
    editor = UserFactory(is_staff=True)
    page = FlatPage.objects.get(url="/privacy/")
    change = reverse("admin:flatpages_flatpage_change", args=[page.pk])
    log_in_staff(client, editor)
    assert client.get(change).status_code == 403
    editor.user_permissions.add(
        Permission.objects.get(codename="change_flatpage"),
        Permission.objects.get(codename="view_flatpage"),
    )
    response = client.post(
        change,
        {
            "url": "/privacy/",
            "title": "Privacy",
            "content": "<p>Rewritten by staff.</p>",
            "sites": [settings.SITE_ID],
            "template_name": "",
        },
    )
    assert response.status_code == 302
    assert "Rewritten by staff." in client.get(reverse("privacy")).content.decode()
