"""Writes to ratings and reviews with their rules: one of each per member and film, exact figures.

Every write that can change a film's figures locks the film's row first, then recomputes the
stored counts and average from the visible reviews and counted ratings before committing.
Writers of one film queue on that lock, so the stored figures stay exact however many write at
once.
"""

from collections.abc import Iterable
from enum import Enum
from typing import Any, Final, Literal

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Round

from catalog.models import Film
from filmsite.pagecache.versions import bump, bump_film_ids

from .models import HelpfulVote, Rating, Report, Review


class _Unchanged(Enum):
    UNCHANGED = "unchanged"


# `update_review`'s default rating: leave the author's rating as it is.
UNCHANGED: Final = _Unchanged.UNCHANGED


class DuplicateReview(Exception):
    """The author has reviewed this film already; `review` is the one they wrote."""

    def __init__(self, review: Review) -> None:
        super().__init__(f"{review.author} has already reviewed {review.film}")
        self.review = review


class OwnReviewVote(Exception):
    """Authors cannot vote on their own reviews."""


class ReviewGone(Exception):
    """The review was deleted (with its film, or in another tab) while it was being edited."""


def _lock_film(film_id: int) -> Film:
    return Film.objects.select_for_update().only("pk").get(pk=film_id)


def _lock_films(film_ids: Iterable[int]) -> None:
    """Lock several films' rows in a fixed order, so two writers cannot deadlock."""
    for film_id in sorted(set(film_ids)):
        _lock_film(film_id)


def refresh_film_ratings(films: QuerySet[Film]) -> None:
    """Store each of `films`' visible review count, counted rating count and rating average.

    One UPDATE whatever the number of films (all of them after a bulk load). Writers call it
    with the film's row locked (see `_lock_film`).
    """
    visible = Review.objects.visible().filter(film=OuterRef("pk")).order_by().values("film")
    counted = Rating.objects.counted().filter(film=OuterRef("pk")).order_by().values("film")
    films.update(
        user_review_count=Coalesce(Subquery(visible.annotate(n=Count("pk")).values("n")), 0),
        user_rating_count=Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0),
        user_rating_average=Subquery(
            counted.annotate(average=Round(Avg("score"), 2)).values("average")
        ),
    )


def refresh_film_rating(film_id: int) -> None:
    refresh_film_ratings(Film.objects.filter(pk=film_id))


def _set_score(member: User, film_id: int, score: int | None) -> None:
    """Give, change (a score) or take back (None) `member`'s rating; the film is locked."""
    if score is None:
        Rating.objects.filter(film_id=film_id, member=member).delete()
    else:
        Rating.objects.update_or_create(film_id=film_id, member=member, defaults={"score": score})


def rate(*, member: User, film: Film, score: int) -> None:
    """Give or change `member`'s rating of `film` (1 to 10), with or without a review."""
    with transaction.atomic():
        _lock_film(film.pk)
        _set_score(member, film.pk, score)
        refresh_film_rating(film.pk)
        bump(Film.objects.filter(pk=film.pk))


# Films per statement when rating many at once: well under SQLite's 32,766 parameters.
RATE_MANY_BATCH = 2_000


def rate_many(*, member: User, scores: dict[int, int]) -> None:
    """Give or change `member`'s ratings of many films (film id → 1 to 10), as `rate` does one.

    For imports of thousands of ratings, where a `rate` per film takes minutes: the films are
    locked in id order (so two writers cannot deadlock), the ratings written with one upsert
    and the figures recomputed with one UPDATE per batch, all in one transaction.
    """
    film_ids = sorted(scores)
    with transaction.atomic():
        for start in range(0, len(film_ids), RATE_MANY_BATCH):
            batch = film_ids[start : start + RATE_MANY_BATCH]
            locked = Film.objects.select_for_update().filter(pk__in=batch).order_by("pk")
            list(locked.values_list("pk", flat=True))
            Rating.objects.bulk_create(
                [Rating(member=member, film_id=pk, score=scores[pk]) for pk in batch],
                update_conflicts=True,
                unique_fields=["film", "member"],
                update_fields=["score", "updated"],
            )
            refresh_film_ratings(Film.objects.filter(pk__in=batch))
        bump_film_ids(film_ids)


def unrate(*, member: User, film: Film) -> None:
    """Take back `member`'s rating of `film`; their review, if any, stays, unrated."""
    with transaction.atomic():
        _lock_film(film.pk)
        _set_score(member, film.pk, None)
        refresh_film_rating(film.pk)
        bump(Film.objects.filter(pk=film.pk))


def post_review(
    *,
    author: User,
    film: Film,
    body: str,
    rating: int | None = None,
    headline: str = "",
    contains_spoilers: bool = False,
) -> Review:
    """Publish `author`'s review of `film`, or raise DuplicateReview if they have one.

    `rating`, if given, becomes (or replaces) the author's rating of the film.
    """
    try:
        with transaction.atomic():
            _lock_film(film.pk)
            review = Review.objects.create(
                author=author,
                film=film,
                body=body,
                headline=headline,
                contains_spoilers=contains_spoilers,
            )
            if rating is not None:
                _set_score(author, film.pk, rating)
            refresh_film_rating(film.pk)
            bump(Film.objects.filter(pk=film.pk))
    except IntegrityError:
        existing = Review.objects.filter(author=author, film=film).first()
        if existing is None:
            raise
        raise DuplicateReview(existing) from None
    return review


def update_review(
    review: Review, rating: int | Literal[_Unchanged.UNCHANGED] | None = UNCHANGED, **changes: Any
) -> Review:
    """Apply `changes` (field name → new value) to a saved review and refresh its film's rating.

    `rating` changes the author's rating of the film (None takes it back). Raises ReviewGone if
    the review's row, or its film's, no longer exists.
    """
    try:
        with transaction.atomic():
            _lock_film(review.film_id)
            for field, value in changes.items():
                setattr(review, field, value)
            review.save(update_fields=[*changes, "updated"])
            if rating is not UNCHANGED:
                _set_score(review.author, review.film_id, rating)
                review.rating = rating
            refresh_film_rating(review.film_id)
            bump(Film.objects.filter(pk=review.film_id))
    except (Film.DoesNotExist, Review.NotUpdated):
        raise ReviewGone(f"review {review.pk} was deleted") from None
    return review


def delete_review(review: Review) -> None:
    """Delete a review; its author's rating of the film stays, as a rating without text.

    Unless a moderator hid the review: its rating left the figures with it, and deleting the
    review must not bring the rating back, so it goes too.
    """
    with transaction.atomic():
        _lock_film(review.film_id)
        if Review.objects.filter(pk=review.pk, is_hidden=True).exists():
            Rating.objects.filter(film_id=review.film_id, member_id=review.author_id).delete()
        review.delete()
        refresh_film_rating(review.film_id)
        bump(Film.objects.filter(pk=review.film_id))


def set_hidden(reviews: QuerySet[Review], hidden: bool) -> int:
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
        bump_film_ids(film_ids)
    return changed


def dismiss_reports(reports: QuerySet[Report]) -> int:
    """Close the open ones among `reports`, leaving their reviews as they are; how many."""
    return reports.filter(status=Report.Status.OPEN).update(status=Report.Status.DISMISSED)


def films_fed_by(member: User) -> set[int]:
    """The films whose stored figures `member`'s reviews and ratings feed, their rows locked.

    Called before a member is deleted (their reviews and ratings go with them), inside the
    deleting transaction; `refresh_film_ratings` of these films afterwards keeps them exact.
    """
    film_ids = set(Review.objects.filter(author=member).values_list("film_id", flat=True))
    film_ids |= set(Rating.objects.filter(member=member).values_list("film_id", flat=True))
    _lock_films(film_ids)
    return film_ids


def vote(*, review: Review, voter: User, is_helpful: bool) -> None:
    """Record or change `voter`'s verdict on `review`."""
    if review.author_id == voter.pk:
        raise OwnReviewVote("You cannot vote on your own review.")
    with transaction.atomic():
        # The film's row first, as every writer of the film takes it before the review's.
        bump(Film.objects.filter(pk=review.film_id))
        HelpfulVote.objects.update_or_create(
            review=review, voter=voter, defaults={"is_helpful": is_helpful}
        )


def report(
    *, review: Review, reporter: User | AnonymousUser, reason: str, note: str = ""
) -> Report:
    member = reporter if reporter.is_authenticated else None
    return Report.objects.create(review=review, reporter=member, reason=reason, note=note)
