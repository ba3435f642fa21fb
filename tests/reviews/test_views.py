"""A review's own page: where View More leads without JavaScript."""

import re

import pytest
from django.urls import reverse

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
    assert f"Review of {review.film.title} by {review.author.username}" in text
    assert "9/10" in text
    assert 'aria-label="Rated 9 out of 10"' in html


def test_review_page_of_a_seed_review_shows_its_text_byte_for_byte(client, seed):
    review = seed.reviews.get(author__username="quinimdb")
    html = client.get(review.get_absolute_url()).content.decode()
    assert "The Hole You&#x27;re In" in html
    assert "This film is to alcohol, as &quot;Requiem for a Dream&quot; is to drugs." in html


def test_missing_review_is_a_404(client):
    assert client.get("/reviews/999999/").status_code == 404


def test_review_page_query_count_is_constant(client, django_assert_num_queries, fetch_raise):
    review = ReviewFactory()
    with django_assert_num_queries(2):  # the page's version, the review
        assert client.get(review.get_absolute_url()).status_code == 200


SPOILER_HEADLINE = "Rosebud was the sled all along"
SPOILER_WORDS = "The twist in the final reel changes everything we saw before it."


def outside_spoiler_boxes(html):
    return re.sub(r'<details class="spoiler">.*?</details>', "", html, flags=re.S)


@pytest.mark.parametrize(
    "page",
    ["film page", "reviews list", "review page", "profile", "home", "report page"],
)
def test_a_spoiler_reviews_headline_and_words_stay_behind_the_warning_everywhere(client, page):
    review = ReviewFactory(
        headline=SPOILER_HEADLINE, body=SPOILER_WORDS * 3, contains_spoilers=True
    )
    url = {
        "film page": review.film.get_absolute_url(),
        "reviews list": reverse("reviews:film_reviews", args=[review.film.slug]),
        "review page": review.get_absolute_url(),
        "profile": reverse("profile", args=[review.author.username]),
        "home": reverse("catalog:home"),
        "report page": reverse("reviews:review_report", args=[review.pk]),
    }[page]
    html = client.get(url).content.decode()
    assert "Spoiler warning" in html
    assert SPOILER_HEADLINE not in outside_spoiler_boxes(html)
    assert SPOILER_WORDS[:40] not in outside_spoiler_boxes(html)
