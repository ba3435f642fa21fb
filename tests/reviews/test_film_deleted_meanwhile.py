"""A film deleted (or merged away) between its page and the member's post: a 404 that says
so, and nothing written, never a 500."""

import pytest
from django.urls import reverse

from catalog.models import Film
from reviews import services
from reviews.models import Rating, Review
from tests.factories import FilmFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    member = UserFactory()
    client.force_login(member)
    return member


def deleting_the_film_first(monkeypatch, name, film):
    """Make `services.<name>` find the film gone, as if deleted just after the view read it."""
    real = getattr(services, name)

    def deleted_first(**kwargs):
        Film.objects.filter(pk=film.pk).delete()
        return real(**kwargs)

    monkeypatch.setattr(services, name, deleted_first)


@pytest.mark.parametrize(
    ("service", "posted"), [("rate", {"score": 7}), ("unrate", {"remove": "1"})]
)
def test_rating_a_film_deleted_meanwhile_is_a_404(client, member, monkeypatch, service, posted):
    film = FilmFactory()
    deleting_the_film_first(monkeypatch, service, film)
    response = client.post(reverse("reviews:rate_film", args=[film.slug]), posted)
    assert response.status_code == 404
    assert "This film has been deleted." in response.content.decode()
    assert not Rating.objects.exists()


def test_reviewing_a_film_deleted_meanwhile_is_a_404(client, member, monkeypatch):
    film = FilmFactory()
    deleting_the_film_first(monkeypatch, "post_review", film)
    response = client.post(
        reverse("reviews:review_create", args=[film.slug]),
        {"body": "A review long enough to be published on the page of the film.", "rating": 8},
    )
    assert response.status_code == 404
    assert "This film has been deleted." in response.content.decode()
    assert not Review.objects.exists()
