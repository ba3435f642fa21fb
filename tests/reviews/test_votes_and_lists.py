"""Helpful votes, and a film's full list of reviews: sorted, filtered, paginated, shareable."""

import re

import pytest
from django.urls import reverse

from reviews.models import HelpfulVote
from tests.factories import FilmFactory, ReviewFactory, UserFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db


def vote(client, review, helpful):
    return client.post(
        reverse("reviews:review_vote", args=[review.pk]), {"helpful": "yes" if helpful else "no"}
    )


def test_vote_is_counted_once_and_can_be_changed(client):
    review = ReviewFactory()
    client.force_login(UserFactory())
    vote(client, review, helpful=True)
    vote(client, review, helpful=True)
    assert HelpfulVote.objects.get().is_helpful is True
    vote(client, review, helpful=False)
    assert HelpfulVote.objects.count() == 1
    assert HelpfulVote.objects.get().is_helpful is False


def test_counts_read_n_of_m_found_this_helpful(client):
    review = ReviewFactory()
    for helpful in (True, True, False):
        client.force_login(UserFactory())
        vote(client, review, helpful)
    text = visible_text(client.get(review.film.get_absolute_url()).content.decode())
    assert "2 of 3 found this helpful" in text


def test_authors_cannot_vote_on_their_own_review(client):
    review = ReviewFactory()
    client.force_login(review.author)
    assert vote(client, review, helpful=True).status_code == 403
    assert not HelpfulVote.objects.exists()
    html = client.get(review.film.get_absolute_url()).content.decode()
    assert "Was this review helpful?" not in html


def test_anonymous_vote_is_sent_to_log_in(client):
    review = ReviewFactory()
    response = vote(client, review, helpful=True)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not HelpfulVote.objects.exists()


def test_malformed_vote_writes_nothing(client):
    review = ReviewFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("reviews:review_vote", args=[review.pk]), {"helpful": "maybe"})
    assert response.status_code == 302
    assert not HelpfulVote.objects.exists()
    assert client.post(reverse("reviews:review_vote", args=[999999]), {}).status_code == 404


def test_vote_returns_to_a_local_page_only(client):
    review = ReviewFactory()
    client.force_login(UserFactory())
    url = reverse("reviews:review_vote", args=[review.pk])
    local = client.post(url, {"helpful": "yes", "next": "/films/x/reviews/?sort=newest"})
    assert local["Location"] == "/films/x/reviews/?sort=newest"
    offsite = client.post(url, {"helpful": "yes", "next": "https://evil.example/"})
    assert offsite["Location"] == review.get_absolute_url()


@pytest.mark.parametrize("next_url", ["abc", "catalog:home", "1", "films/", "\\evil.example"])
def test_vote_with_a_next_that_is_not_a_path_returns_to_the_review(client, next_url):
    # A bare word once went to `redirect`, which looked it up as a URL name: a 500.
    review = ReviewFactory()
    client.force_login(UserFactory())
    url = reverse("reviews:review_vote", args=[review.pk])
    response = client.post(url, {"helpful": "yes", "next": next_url})
    assert response["Location"] == review.get_absolute_url()


@pytest.fixture
def film_with_reviews():
    film = FilmFactory()
    reviews = {
        "low": ReviewFactory(film=film, rating=2, headline="Low"),
        "high": ReviewFactory(film=film, rating=9, headline="High"),
        "spoiler": ReviewFactory(film=film, rating=7, headline="Spoiler", contains_spoilers=True),
        "hidden": ReviewFactory(film=film, rating=10, headline="Hidden", is_hidden=True),
    }
    voter = UserFactory()
    HelpfulVote.objects.create(review=reviews["low"], voter=voter, is_helpful=True)
    return film, reviews


def headlines(client, film, **params):
    response = client.get(reverse("reviews:film_reviews", args=[film.slug]), params)
    assert response.status_code == 200
    return [review.headline for review in response.context["reviews"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("helpful", ["Low", "Spoiler", "High"]),
        ("newest", ["Spoiler", "High", "Low"]),
        ("oldest", ["Low", "High", "Spoiler"]),
        ("highest", ["High", "Spoiler", "Low"]),
        ("lowest", ["Low", "Spoiler", "High"]),
    ],
)
def test_reviews_list_sorts_by_get_parameter(client, film_with_reviews, sort, expected):
    film, _ = film_with_reviews
    assert headlines(client, film, sort=sort) == expected


def test_reviews_list_filters_by_rating_and_hides_spoilers(client, film_with_reviews):
    film, _ = film_with_reviews
    assert headlines(client, film, rating=9) == ["High"]
    assert headlines(client, film, hide_spoilers="on", sort="oldest") == ["Low", "High"]
    assert headlines(client, film, rating=5) == []
    html = client.get(reverse("reviews:film_reviews", args=[film.slug]), {"rating": 5})
    assert "No reviews match." in html.content.decode()


def test_unknown_sort_or_rating_is_explained_not_a_500(client, film_with_reviews):
    film, _ = film_with_reviews
    response = client.get(
        reverse("reviews:film_reviews", args=[film.slug]), {"sort": "evil", "rating": "x"}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert len(response.context["reviews"]) == 3


def test_reviews_list_paginates_and_keeps_the_filters_in_page_links(client):
    film = FilmFactory()
    ReviewFactory.create_batch(25, film=film, rating=8)
    url = reverse("reviews:film_reviews", args=[film.slug])
    response = client.get(url, {"sort": "newest", "rating": 8})
    assert len(response.context["reviews"]) == 20
    html = response.content.decode()
    assert "?sort=newest&amp;rating=8&amp;page=2" in html
    assert len(client.get(url, {"sort": "newest", "rating": 8, "page": 2}).context["reviews"]) == 5


def test_film_page_shows_the_first_few_and_links_to_all(client):
    film = FilmFactory()
    ReviewFactory.create_batch(7, film=film)
    html = client.get(film.get_absolute_url()).content.decode()
    assert html.count('class="review"') == 5
    assert "See all 7 reviews" in html


def test_missing_film_reviews_list_is_a_404(client):
    assert client.get("/films/nothing-here/reviews/").status_code == 404


@pytest.mark.parametrize("count", [3, 60])
def test_reviews_list_query_count_is_constant(
    client, django_assert_num_queries, fetch_raise, count
):
    film = FilmFactory()
    ReviewFactory.create_batch(count, film=film)
    # The page's version, the film, the count, the page of reviews.
    with django_assert_num_queries(4):
        client.get(reverse("reviews:film_reviews", args=[film.slug]))


@pytest.mark.parametrize("count", [3, 60])
def test_film_page_query_count_is_constant_for_a_logged_in_reader(
    client, django_assert_num_queries, fetch_raise, count
):
    film = FilmFactory()
    ReviewFactory.create_batch(count, film=film)
    client.force_login(UserFactory())
    # Session and user, the reader's permissions (their own and their groups'), then the
    # anonymous page's nine, the reader's watchlist and lists, then their own rating and
    # review.
    with django_assert_num_queries(17):
        client.get(film.get_absolute_url())


def test_readers_own_review_is_shown_first_on_the_film_page(client):
    film = FilmFactory()
    ReviewFactory.create_batch(6, film=film)
    mine = ReviewFactory(film=film, headline="My own take")
    client.force_login(mine.author)
    html = client.get(film.get_absolute_url()).content.decode()
    first_review_id = re.search(r'class="review" id="review-(\d+)"', html).group(1)
    assert first_review_id == str(mine.pk)
    assert html.count('class="review"') == 6
    assert "See all 7 reviews" in html
