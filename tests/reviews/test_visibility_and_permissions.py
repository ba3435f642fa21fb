"""Who sees a review and who may act on it: one rule (`ReviewQuerySet.visible_to`) everywhere."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from catalog.models import Film
from reviews.models import HelpfulVote, Report, Review
from reviews.services import refresh_film_ratings
from tests.factories import FilmFactory, ReviewFactory, UserFactory, staff_member
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db

REPORT = {"reason": "abuse", "note": ""}


@pytest.fixture
def draft_review():
    return ReviewFactory(
        film=FilmFactory(title="Secret Project", status=Film.Status.DRAFT),
        body="Words about a film nobody may see yet.",
    )


def test_reviews_of_a_draft_film_cannot_be_read_reported_or_voted_on(client, draft_review):
    report_url = reverse("reviews:review_report", args=[draft_review.pk])
    assert client.get(draft_review.get_absolute_url()).status_code == 404
    assert client.get(report_url).status_code == 404
    assert client.post(report_url, REPORT).status_code == 404
    client.force_login(UserFactory())
    vote_url = reverse("reviews:review_vote", args=[draft_review.pk])
    assert client.post(vote_url, {"helpful": "yes"}).status_code == 404
    assert not Report.objects.exists()
    assert not HelpfulVote.objects.exists()


def test_reviews_of_a_draft_film_are_shown_to_those_who_may_view_drafts(client, draft_review):
    log_in_staff(client, staff_member("Editors"))
    assert client.get(draft_review.get_absolute_url()).status_code == 200


def test_staff_without_the_film_permission_do_not_see_drafts_or_their_reviews(client, draft_review):
    log_in_staff(client, UserFactory(is_staff=True))
    assert client.get(draft_review.film.get_absolute_url()).status_code == 404
    assert client.get(draft_review.get_absolute_url()).status_code == 404


def test_a_hidden_review_is_shown_to_its_author_and_to_moderators_only(client):
    hidden = ReviewFactory(is_hidden=True)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(hidden.get_absolute_url()).status_code == 404
    report_url = reverse("reviews:review_report", args=[hidden.pk])
    assert client.post(report_url, REPORT).status_code == 404
    client.force_login(hidden.author)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    log_in_staff(client, staff_member("Moderators"))
    assert client.get(hidden.get_absolute_url()).status_code == 200


def test_profile_and_home_leave_out_reviews_of_drafts_and_hidden_ones(client, draft_review):
    ReviewFactory(author=draft_review.author, is_hidden=True, body="A hidden review's words.")
    shown = ReviewFactory(author=draft_review.author, headline="Open for all to read")
    profile = client.get(reverse("profile", args=[draft_review.author.username]))
    home = client.get(reverse("catalog:home"))
    for html in (profile.content.decode(), home.content.decode()):
        assert "Secret Project" not in html
        assert "nobody may see" not in html
        assert "A hidden review" not in html
    assert shown.headline in profile.content.decode()
    assert shown.headline in home.content.decode()


def test_a_moderator_cannot_delete_a_review_without_the_delete_permission(client):
    review = ReviewFactory()
    log_in_staff(client, staff_member("Moderators"))
    delete_url = reverse("reviews:review_delete", args=[review.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url).status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()
    html = client.get(review.get_absolute_url()).content.decode()
    assert delete_url not in html
    assert reverse("reviews:review_update", args=[review.pk]) not in html


def test_whoever_holds_the_delete_permission_may_delete_but_not_edit(client):
    review = ReviewFactory(rating=4)
    film = review.film
    remover = staff_member("Moderators")
    remover.user_permissions.add(Permission.objects.get(codename="delete_review"))
    log_in_staff(client, remover)
    html = client.get(review.get_absolute_url()).content.decode()
    assert reverse("reviews:review_delete", args=[review.pk]) in html
    assert reverse("reviews:review_update", args=[review.pk]) not in html
    client.post(reverse("reviews:review_delete", args=[review.pk]))
    assert not Review.objects.filter(pk=review.pk).exists()
    film.refresh_from_db()
    assert (film.user_review_count, film.user_rating_count) == (0, 1)


def test_moderators_see_words_and_rating_read_only_in_the_admin(client):
    review = ReviewFactory(rating=7, body="What the author wrote, and only the author.")
    log_in_staff(client, staff_member("Moderators"))
    url = reverse("admin:reviews_review_change", args=[review.pk])
    html = client.get(url).content.decode()
    assert 'name="body"' not in html
    assert 'name="rating"' not in html
    assert 'name="is_hidden"' in html
    inline = {"reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0}
    response = client.post(
        url,
        {
            "body": "Rewritten",
            "rating": 1,
            "is_hidden": "on",
            "moderation_reason": "Rude",
            **inline,
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.body == "What the author wrote, and only the author."
    assert review.rating == 7
    assert review.is_hidden
    review.film.refresh_from_db()
    assert review.film.user_rating_count == 0


def test_hiding_needs_the_moderation_permission(client):
    review = ReviewFactory()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_review", "change_review"])
    )
    log_in_staff(client, viewer)
    changelist = reverse("admin:reviews_review_changelist")
    assert "Hide selected reviews" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "hide", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert not review.is_hidden


def test_deleting_a_member_takes_their_ratings_out_of_the_films_figures(client):
    film = FilmFactory()
    leaving = ReviewFactory(film=film, rating=2)
    ReviewFactory(film=film, rating=8)
    other_film_review = ReviewFactory(author=leaving.author, rating=10)
    refresh_film_ratings(Film.objects.all())
    film.refresh_from_db()
    assert (film.user_rating_count, film.user_rating_average) == (2, Decimal("5.00"))
    log_in_staff(client, UserFactory(is_staff=True, is_superuser=True))
    client.post(reverse("admin:auth_user_delete", args=[leaving.author.pk]), {"post": "yes"})
    film.refresh_from_db()
    assert (film.user_review_count, film.user_rating_count) == (1, 1)
    assert film.user_rating_average == Decimal("8.00")
    other = Film.objects.get(pk=other_film_review.film_id)
    assert (other.user_review_count, other.user_rating_count, other.user_rating_average) == (
        0,
        0,
        None,
    )


def test_deleting_members_in_bulk_keeps_the_figures_exact():
    film = FilmFactory()
    for rating in (1, 3, 9):
        ReviewFactory(film=film, rating=rating)
    refresh_film_ratings(Film.objects.all())
    authors = [review.author.pk for review in film.reviews.filter(rating__lt=9)]
    UserFactory._meta.model.objects.filter(pk__in=authors).delete()
    film.refresh_from_db()
    assert (film.user_rating_count, film.user_rating_average) == (1, Decimal("9.00"))
