"""A review's own page: where View More leads without JavaScript."""

import pytest

from tests.factories import ReviewFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db


def test_review_page_shows_the_whole_text_film_author_and_rating(client):
    body = "Opening line.\n\nSecond paragraph. " + "more " * 200
    review = ReviewFactory(body=body, rating=9)
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Opening line.</p>" in html
    assert html.count("more") >= 200
    assert f'href="{review.film.get_absolute_url()}"' in html
    text = visible_text(html)
    assert f"Review by {review.author.username}" in text
    assert "Rated 9/10" in text


def test_review_page_of_a_seed_review_shows_its_text_byte_for_byte(client, seed):
    review = seed.reviews.get(author__username="quinimdb")
    html = client.get(review.get_absolute_url()).content.decode()
    assert "The Hole You&#x27;re In" in html
    assert "This film is to alcohol, as &quot;Requiem for a Dream&quot; is to drugs." in html


def test_missing_review_is_a_404(client):
    assert client.get("/reviews/999999/").status_code == 404


def test_review_page_query_count_is_constant(client, django_assert_num_queries, fetch_raise):
    review = ReviewFactory()
    with django_assert_num_queries(1):
        assert client.get(review.get_absolute_url()).status_code == 200
