"""Ratings without text: one per member and film, given, changed and taken back in one action."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Film
from reviews import services
from reviews.models import Rating, Review
from tests.factories import FilmFactory, RatingFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(username="rater")
    client.force_login(user)
    return user


def rate(client, film, **data):
    return client.post(reverse("reviews:rate_film", args=[film.slug]), data)


def figures(film):
    film.refresh_from_db()
    return film.user_review_count, film.user_rating_count, film.user_rating_average


def test_a_member_rates_a_film_without_writing_and_the_figures_change(client, member):
    film = FilmFactory()
    response = rate(client, film, score="8", next=film.get_absolute_url())
    assert response["Location"] == film.get_absolute_url()
    assert Rating.objects.get(film=film, member=member).score == 8
    assert figures(film) == (0, 1, Decimal("8.00"))
    page = client.get(film.get_absolute_url()).content.decode()
    assert f"You rated {film.title} 8/10." in page
    assert 'value="8" checked' in page


def test_rating_again_changes_the_one_rating_and_remove_takes_it_back(client, member):
    film = FilmFactory()
    RatingFactory(film=film, score=2)
    rate(client, film, score="8")
    rate(client, film, score="10")
    assert Rating.objects.filter(film=film, member=member).count() == 1
    assert figures(film) == (0, 2, Decimal("6.00"))
    rate(client, film, remove="on")
    assert not Rating.objects.filter(member=member).exists()
    assert figures(film) == (0, 1, Decimal("2.00"))


def test_a_script_gets_the_films_new_figures_as_json(client, member):
    film = FilmFactory()
    RatingFactory(film=film, score=4)
    url = reverse("reviews:rate_film", args=[film.slug])
    response = client.post(url, {"score": "9"}, headers={"Accept": "application/json"})
    assert json.loads(response.content) == {
        "score": 9,
        "message": f"You rated {film.title} 9/10.",
        "rating_count": 2,
        "rating_average": "6.50",
    }
    removed = client.post(url, {"remove": "on"}, headers={"Accept": "application/json"})
    assert json.loads(removed.content)["score"] is None


@pytest.mark.parametrize("score", ["", "0", "11", "8.5", "ten", "\x00", "9" * 5000])
def test_a_bad_score_is_refused_and_writes_nothing(client, member, score):
    film = FilmFactory()
    response = rate(client, film, score=score)
    assert response.status_code == 302
    assert not Rating.objects.exists()
    url = reverse("reviews:rate_film", args=[film.slug])
    as_json = client.post(url, {"score": score}, headers={"Accept": "application/json"})
    assert as_json.status_code == 400
    assert not Rating.objects.exists()


def test_visitors_are_sent_to_log_in_and_drafts_cannot_be_rated(client):
    film = FilmFactory()
    response = rate(client, film, score="7")
    assert reverse("login") in response["Location"]
    client.force_login(UserFactory())
    draft = FilmFactory(status=Film.Status.DRAFT)
    assert rate(client, draft, score="7").status_code == 404
    assert client.get(reverse("reviews:rate_film", args=[film.slug])).status_code == 405
    assert not Rating.objects.exists()


def test_a_review_is_text_beside_its_authors_rating(client, member):
    film = FilmFactory()
    rate(client, film, score="6")
    form = client.get(reverse("reviews:review_create", args=[film.slug]))
    assert form.context["form"].initial["rating"] == 6
    client.post(
        reverse("reviews:review_create", args=[film.slug]),
        {"rating": "9", "body": "Better on a second viewing, and a third one too."},
    )
    assert Rating.objects.get(member=member, film=film).score == 9
    assert figures(film) == (1, 1, Decimal("9.00"))
    review = Review.objects.get(author=member)
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'aria-label="Rated 9 out of 10"' in page


def test_hiding_a_review_takes_its_rating_out_and_reinstating_puts_it_back():
    film = FilmFactory()
    hidden = services.post_review(author=UserFactory(), film=film, rating=2, body="x" * 30)
    services.post_review(author=UserFactory(), film=film, rating=8, body="y" * 30)
    RatingFactory(film=film, score=5)
    services.set_hidden(Review.objects.filter(pk=hidden.pk), hidden=True)
    assert figures(film) == (1, 2, Decimal("6.50"))
    histogram = dict(Rating.objects.counted().filter(film=film).histogram())
    assert (histogram[2], histogram[5], histogram[8]) == (0, 1, 1)
    services.set_hidden(Review.objects.filter(pk=hidden.pk), hidden=False)
    assert figures(film) == (2, 3, Decimal("5.00"))


def test_the_film_page_histogram_counts_ratings_with_and_without_reviews(client):
    film = FilmFactory()
    ReviewFactory(film=film, rating=None)  # a review without a rating
    for score in (10, 10, 3):
        RatingFactory(film=film, score=score)
    services.refresh_film_rating(film.pk)
    html = client.get(film.get_absolute_url()).content.decode()
    assert "from 3 ratings" in html
    assert 'value="2" aria-label="2 of 3 ratings are 10"' in html
    assert 'value="1" aria-label="1 of 3 ratings are 3"' in html


def test_film_cards_offer_the_members_rating_in_one_query(client, member, fetch_raise):
    films = FilmFactory.create_batch(6)
    RatingFactory(film=films[2], member=member, score=3)
    client.get(reverse("catalog:film_list"))  # the list's count and genre counts are cached
    with CaptureQueriesContext(connection) as few:
        html = client.get(reverse("catalog:film_list")).content.decode()
    assert html.count('name="score"') == 6
    assert '<option value="3" selected>' in html
    for film in FilmFactory.create_batch(30):
        RatingFactory(film=film, member=member)
    cache.clear()
    client.get(reverse("catalog:film_list"))
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("catalog:film_list")).content.decode()
    assert html.count('name="score"') == 36
    assert len(many) == len(few)


def test_a_profile_shows_the_members_ratings_and_their_spread(client):
    member = UserFactory(username="spread")
    for score in (8, 8, 3):
        RatingFactory(member=member, score=score)
    RatingFactory(member=member, score=9, film=FilmFactory(status=Film.Status.DRAFT))
    html = client.get(reverse("profile", args=["spread"])).content.decode()
    assert "3 films rated" in html
    assert 'value="2" aria-label="2 of 3 ratings are 8"' in html


def test_deleting_a_member_takes_their_ratings_out(client):
    film = FilmFactory()
    leaving = RatingFactory(film=film, score=1).member
    RatingFactory(film=film, score=9)
    services.refresh_film_rating(film.pk)
    leaving.delete()
    assert figures(film) == (0, 1, Decimal("9.00"))


def test_deleting_a_hidden_review_does_not_bring_its_rating_back():
    film = FilmFactory()
    services.post_review(author=UserFactory(), film=film, rating=8, body="z" * 30)
    abusive = services.post_review(author=UserFactory(), film=film, rating=1, body="w" * 30)
    services.set_hidden(Review.objects.filter(pk=abusive.pk), hidden=True)
    before = figures(film)
    services.delete_review(Review.objects.get(pk=abusive.pk))
    assert figures(film) == before == (1, 1, Decimal("8.00"))


def test_others_see_only_a_members_counted_ratings_on_their_profile(client):
    member = UserFactory(username="moderated")
    review = ReviewFactory(author=member, rating=1, is_hidden=True)
    RatingFactory(member=member, score=9)
    html = client.get(reverse("profile", args=["moderated"])).content.decode()
    assert "1 film rated" in html
    assert 'aria-label="0 of 1 ratings are 1"' in html
    client.force_login(member)
    own = client.get(reverse("profile", args=["moderated"])).content.decode()
    assert "2 films rated" in own
    assert review.film.title in own


def test_a_form_post_that_merely_accepts_json_is_answered_with_a_page(client, member):
    film = FilmFactory()
    url = reverse("reviews:rate_film", args=[film.slug])
    response = client.post(
        url, {"score": "5"}, headers={"Accept": "text/html, application/json;q=0.1"}
    )
    assert response.status_code == 302
