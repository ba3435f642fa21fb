"""Errors are shown in the site's look, not as a bare server page."""

import pytest
from django.test import Client
from django.urls import path

from filmsite.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [*site_urlpatterns, path("broken/", broken_view)]


@pytest.mark.urls("tests.test_error_pages")
def test_unhandled_error_is_a_500_in_the_site_look():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'class="site-header"' in html
    assert "boom" not in html


@pytest.mark.django_db
def test_unknown_address_is_a_404_in_the_site_look(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
