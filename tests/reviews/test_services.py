"""The review services' rules, called directly: duplicates, exact stored figures, moderation."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from reviews import services
from reviews.models import Report, Review
from tests.factories import FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = "A long, honest and careful review of this film."


def stored_figures(film):
    film.refresh_from_db()
    return film.user_review_count, film.user_rating_count, film.user_rating_average


def test_review_posted_without_headline_or_spoiler_flag_has_neither():
    review = services.post_review(author=UserFactory(), film=FilmFactory(), rating=7, body=BODY)
    review.refresh_from_db()
    assert (review.headline, review.contains_spoilers) == ("", False)


def test_second_review_of_a_film_raises_duplicate_carrying_the_authors_first():
    film, author = FilmFactory(title="Heat"), UserFactory(username="alice")
    ReviewFactory(film=film)  # someone else's review of the same film, written first
    ReviewFactory(author=author)  # the author's review of another film
    first = ReviewFactory(film=film, author=author)
    with pytest.raises(services.DuplicateReview) as duplicate:
        services.post_review(author=author, film=film, rating=3, body=BODY)
    assert duplicate.value.review == first
    assert str(duplicate.value) == "alice has already reviewed Heat (1995)"
    assert Review.objects.filter(author=author, film=film).count() == 1


def test_integrity_errors_other_than_a_duplicate_are_not_disguised_as_one():
    film = FilmFactory()
    with pytest.raises(IntegrityError):
        services.post_review(author=UserFactory(), film=film, rating=11, body=BODY)
    assert not Review.objects.exists()


def test_deleting_a_review_keeps_its_authors_rating_and_unrating_takes_that_out():
    film = FilmFactory()
    services.post_review(author=UserFactory(), film=film, rating=4, body=BODY)
    leaving = UserFactory()
    gone = services.post_review(author=leaving, film=film, rating=9, body=BODY)
    services.delete_review(gone)
    assert stored_figures(film) == (1, 2, Decimal("6.50"))
    services.unrate(member=leaving, film=film)
    assert stored_figures(film) == (1, 1, Decimal("4.00"))


def test_stored_average_is_exact_to_two_places():
    film = FilmFactory()
    for rating in (7, 8, 8):
        services.post_review(author=UserFactory(), film=film, rating=rating, body=BODY)
    assert stored_figures(film) == (3, 3, Decimal("7.67"))


def test_editing_a_review_leaves_a_moderators_hiding_in_place():
    review = ReviewFactory(rating=6)
    services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True)
    # The author's copy was loaded before the moderator hid the review.
    services.update_review(review, body=BODY)
    review.refresh_from_db()
    assert (review.body, review.is_hidden) == (BODY, True)
    assert stored_figures(review.film) == (0, 0, None)


def test_hiding_counts_only_the_reviews_it_changed():
    film = FilmFactory()
    ReviewFactory(film=film, is_hidden=True)
    ReviewFactory(film=film)
    assert services.set_hidden(Review.objects.filter(film=film), hidden=True) == 1
    assert services.set_hidden(Review.objects.filter(film=film), hidden=False) == 2


def test_hiding_upholds_only_the_open_reports_on_the_hidden_reviews():
    hidden, other = ReviewFactory(), ReviewFactory()
    open_on_hidden = Report.objects.create(review=hidden, reason=Report.Reason.ABUSE)
    dismissed_on_hidden = Report.objects.create(
        review=hidden, reason=Report.Reason.SPAM, status=Report.Status.DISMISSED
    )
    open_on_other = Report.objects.create(review=other, reason=Report.Reason.ABUSE)
    services.set_hidden(Review.objects.filter(pk=hidden.pk), hidden=True)
    statuses = {report.pk: report.status for report in Report.objects.all()}
    assert statuses == {
        open_on_hidden.pk: Report.Status.UPHELD,
        dismissed_on_hidden.pk: Report.Status.DISMISSED,
        open_on_other.pk: Report.Status.OPEN,
    }


def test_author_voting_on_their_own_review_is_refused_with_a_reason():
    review = ReviewFactory()
    with pytest.raises(services.OwnReviewVote) as refusal:
        services.vote(review=review, voter=review.author, is_helpful=True)
    assert str(refusal.value) == "You cannot vote on your own review."
    assert not review.votes.exists()


def test_anonymous_report_without_a_note_stores_an_empty_note_and_no_reporter():
    saved = services.report(
        review=ReviewFactory(), reporter=AnonymousUser(), reason=Report.Reason.SPAM
    )
    saved.refresh_from_db()
    assert (saved.note, saved.reporter) == ("", None)
