"""Writes to reviews with their rules: one review per person per film, exact film ratings.

Every write that can change a film's rating locks the film's row first, then recomputes the
stored count and average from the visible reviews before committing. Writers of one film
queue on that lock, so the stored figures stay exact however many post at once.
"""

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, Round

from catalog.models import Film

from .models import HelpfulVote, Report, Review


class DuplicateReview(Exception):
    """The author has reviewed this film already; `review` is the one they wrote."""

    def __init__(self, review):
        super().__init__(f"{review.author} has already reviewed {review.film}")
        self.review = review


class OwnReviewVote(Exception):
    """Authors cannot vote on their own reviews."""


class ReviewGone(Exception):
    """The review was deleted (with its film, or in another tab) while it was being edited."""


def _lock_film(film_id):
    return Film.objects.select_for_update().only("pk").get(pk=film_id)


def _lock_films(film_ids):
    """Lock several films' rows in a fixed order, so two writers cannot deadlock."""
    for film_id in sorted(set(film_ids)):
        _lock_film(film_id)


def refresh_film_ratings(films):
    """Store each of `films`' visible review count, rating count and rating average.

    One UPDATE whatever the number of films (all of them after a bulk load). Writers call it
    with the film's row locked (see `_lock_film`).
    """
    visible = Review.objects.visible().filter(film=OuterRef("pk")).order_by().values("film")
    films.update(
        user_review_count=Coalesce(Subquery(visible.annotate(n=Count("pk")).values("n")), 0),
        user_rating_count=Coalesce(Subquery(visible.annotate(n=Count("rating")).values("n")), 0),
        user_rating_average=Subquery(
            visible.annotate(average=Round(Avg("rating"), 2)).values("average")
        ),
    )


def refresh_film_rating(film_id):
    refresh_film_ratings(Film.objects.filter(pk=film_id))


def post_review(*, author, film, rating, body, headline="", contains_spoilers=False):
    """Publish `author`'s review of `film`, or raise DuplicateReview if they have one."""
    try:
        with transaction.atomic():
            _lock_film(film.pk)
            review = Review.objects.create(
                author=author,
                film=film,
                rating=rating,
                body=body,
                headline=headline,
                contains_spoilers=contains_spoilers,
            )
            refresh_film_rating(film.pk)
    except IntegrityError:
        existing = Review.objects.filter(author=author, film=film).first()
        if existing is None:
            raise
        raise DuplicateReview(existing) from None
    return review


def update_review(review: Review, **changes) -> Review:
    """Apply `changes` (field name → new value) to a saved review and refresh its film's rating.

    Raises ReviewGone if the review's row, or its film's, no longer exists.
    """
    try:
        with transaction.atomic():
            _lock_film(review.film_id)
            for field, value in changes.items():
                setattr(review, field, value)
            review.save(update_fields=[*changes, "updated"])
            refresh_film_rating(review.film_id)
    except (Film.DoesNotExist, Review.NotUpdated):
        raise ReviewGone(f"review {review.pk} was deleted") from None
    return review


def delete_review(review):
    with transaction.atomic():
        _lock_film(review.film_id)
        review.delete()
        refresh_film_rating(review.film_id)


def set_hidden(reviews, hidden):
    """Hide or reinstate reviews (a moderator's action); returns how many changed."""
    film_ids = set(reviews.values_list("film_id", flat=True))
    with transaction.atomic():
        _lock_films(film_ids)
        changed = reviews.exclude(is_hidden=hidden).update(is_hidden=hidden)
        if hidden:
            Report.objects.filter(review__in=reviews, status=Report.Status.OPEN).update(
                status=Report.Status.UPHELD
            )
        refresh_film_ratings(Film.objects.filter(pk__in=film_ids))
    return changed


def dismiss_reports(reports):
    """Close the open ones among `reports`, leaving their reviews as they are; how many."""
    return reports.filter(status=Report.Status.OPEN).update(status=Report.Status.DISMISSED)


def films_fed_by(member):
    """The films whose stored figures `member`'s reviews feed, their rows locked.

    Called before a member is deleted (their reviews go with them), inside the deleting
    transaction; `refresh_film_ratings` of these films afterwards keeps the figures exact.
    """
    film_ids = set(Review.objects.filter(author=member).values_list("film_id", flat=True))
    _lock_films(film_ids)
    return film_ids


def vote(*, review, voter, is_helpful):
    """Record or change `voter`'s verdict on `review`."""
    if review.author_id == voter.pk:
        raise OwnReviewVote("You cannot vote on your own review.")
    HelpfulVote.objects.update_or_create(
        review=review, voter=voter, defaults={"is_helpful": is_helpful}
    )


def report(*, review, reporter, reason, note=""):
    reporter = reporter if reporter.is_authenticated else None
    return Report.objects.create(review=review, reporter=reporter, reason=reason, note=note)
