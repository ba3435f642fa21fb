"""Writes to ratings and reviews with their rules: one of each per member and film, exact figures.

Every write that can change a film's figures locks the film's row first, then recomputes the
stored counts and average from the visible reviews and counted ratings before committing.
Writers of one film queue on that lock, so the stored figures stay exact however many write at
once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Final, Literal

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from catalog.models import Film
from filmsite.accounts.models import holds_reviews
from filmsite.moderation import services as moderation
from filmsite.openweb.addresses import absolute_url
from filmsite.pagecache.versions import bump, bump_film_ids, bump_film_pages

from . import ranking
from .models import Appeal, HelpfulVote, Rating, Report, Review


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


class FilmGone(Exception):
    """The film was deleted (or merged into another) after the page that posts was read."""


def _lock_film(film_id: int) -> Film:
    try:
        return Film.objects.select_for_update().only("pk").get(pk=film_id)
    except Film.DoesNotExist:
        raise FilmGone from None


def _lock_films(film_ids: Iterable[int]) -> None:
    """Lock several films' rows in a fixed order, so two writers cannot deadlock."""
    for film_id in sorted(set(film_ids)):
        _lock_film(film_id)


# Films (or reviews) per batch when refreshing stored figures in bulk, and rows per UPDATE
# (`bulk_update` writes a CASE per column, whose cost grows with the square of its rows).
REFRESH_BATCH = 2_000
UPDATE_BATCH = 500


def refresh_film_ratings(films: QuerySet[Film]) -> None:
    """Store each of `films`' visible review count and its counted ratings' histogram, count
    and average, computed from the rows.

    Three grouped reads and one UPDATE per batch of films, whatever their number (all of them
    after a bulk load). Writers call it with the film's row locked (see `_lock_film`), so
    the stored figures are exact when the transaction commits.
    """
    film_ids = list(films.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(film_ids), REFRESH_BATCH):
        batch = film_ids[start : start + REFRESH_BATCH]
        review_counts = dict(
            Review.objects.visible()
            .filter(film__in=batch)
            .order_by()
            .values_list("film")
            .annotate(n=Count("pk"))
        )
        # Every rating, less those whose review a moderator hid: two index scans, read off
        # each review's stored copy of its author's rating (kept by `_set_score` and
        # `copy_ratings_to_reviews` before any refresh), instead of probing every rating for
        # a hidden review.
        histograms = {film_id: [0] * 10 for film_id in batch}
        every = Rating.objects.filter(film__in=batch).order_by().values_list("film", "score")
        for film_id, score, count in every.annotate(n=Count("pk")):
            histograms[film_id][10 - score] += count
        hidden = (
            Review.objects.filter(film__in=batch, is_hidden=True, rating__isnull=False)
            .order_by()
            .values_list("film", "rating")
        )
        for film_id, score, count in hidden.annotate(n=Count("pk")):
            histograms[film_id][10 - score] -= count
        films_with_figures = [
            _film_figures(pk, review_counts.get(pk, 0), histograms[pk]) for pk in batch
        ]
        _stamp_changed_figures(films_with_figures)
        Film.objects.bulk_update(
            films_with_figures,
            [*FIGURES, "updated"],
            batch_size=UPDATE_BATCH,
        )


# The figures a film stores about its visitors' reviews and ratings, which its page shows.
FIGURES = ["user_review_count", "user_rating_count", "user_rating_average", "user_rating_histogram"]


def _stamp_changed_figures(films: list[Film]) -> None:
    """Give each of `films` (carrying new figures) its update stamp: now if a figure differs
    from the stored one, else the stored stamp, so a write that changes no figure moves none."""
    stored = {
        pk: (figures, updated)
        for pk, updated, *figures in Film.objects.filter(pk__in=[film.pk for film in films])
        .order_by()
        .values_list("pk", "updated", *FIGURES)
    }
    now = timezone.now()
    for film in films:
        figures, updated = stored.get(film.pk, (None, now))
        new_figures = [getattr(film, name) for name in FIGURES]
        film.updated = updated if figures == new_figures else now


def _film_figures(film_id: int, review_count: int, histogram: list[int]) -> Film:
    """A film carrying its stored figures, from its review count and ratings' histogram."""
    rating_count = sum(histogram)
    average = None
    if rating_count:
        total = sum(count * score for count, score in zip(histogram, range(10, 0, -1), strict=True))
        average = (Decimal(total) / rating_count).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Film(
        pk=film_id,
        user_review_count=review_count,
        user_rating_count=rating_count,
        user_rating_average=average,
        user_rating_histogram=histogram,
    )


def refresh_film_rating(film_id: int) -> None:
    refresh_film_ratings(Film.objects.filter(pk=film_id))


def refresh_review_votes(reviews: QuerySet[Review]) -> None:
    """Store each of `reviews`' helpful and total votes and its rank (`ranking.helpfulness`).

    Reviews without votes are zeroed by one UPDATE; the others are counted in batches. Writers
    call it with the reviews' films locked, so the stored counts are exact.
    """
    has_votes = Exists(HelpfulVote.objects.filter(review=OuterRef("pk")))
    reviews.filter(~has_votes).exclude(helpful_total=0).update(
        helpful_yes=0, helpful_total=0, helpful_score=0.0
    )
    review_ids = list(reviews.filter(has_votes).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(review_ids), REFRESH_BATCH):
        batch = review_ids[start : start + REFRESH_BATCH]
        counted = (
            HelpfulVote.objects.filter(review__in=batch)
            .order_by()
            .values_list("review")
            .annotate(yes=Count("pk", filter=Q(is_helpful=True)), total=Count("pk"))
        )
        Review.objects.bulk_update(
            [
                Review(
                    pk=pk,
                    helpful_yes=yes,
                    helpful_total=total,
                    helpful_score=ranking.helpfulness(yes, total),
                )
                for pk, yes, total in counted
            ],
            ["helpful_yes", "helpful_total", "helpful_score"],
            batch_size=UPDATE_BATCH,
        )


def refresh_stored_figures(films: QuerySet[Film]) -> None:
    """Recompute every figure stored for `films` and their reviews, after a bulk load.

    Loaders that write rows directly (fixtures, generated catalogs) call it once at the end,
    in their transaction: reviews' copies of ratings and vote counts, then films' figures.
    """
    reviews = Review.objects.filter(film__in=films.values("pk"))
    copy_ratings_to_reviews(reviews)
    refresh_review_votes(reviews)
    refresh_film_ratings(films)


def move_to_merged_film(*, kept: Film, duplicate: Film) -> None:
    """Move `duplicate`'s reviews and ratings to `kept`, keeping one of each per member (the
    newer; an older review goes with its votes and reports), then recompute `kept`'s figures.

    Called by `catalog.merging` inside its transaction, both films' rows locked.
    """
    pair = [kept.pk, duplicate.pk]
    newer_review = Review.objects.filter(film__in=pair, author=OuterRef("author")).filter(
        Q(created__gt=OuterRef("created")) | Q(created=OuterRef("created"), pk__gt=OuterRef("pk"))
    )
    Review.objects.filter(film__in=pair).filter(Exists(newer_review)).delete()
    Review.objects.filter(film=duplicate).update(film=kept)
    newer_rating = Rating.objects.filter(film__in=pair, member=OuterRef("member")).filter(
        Q(updated__gt=OuterRef("updated")) | Q(updated=OuterRef("updated"), pk__gt=OuterRef("pk"))
    )
    Rating.objects.filter(film__in=pair).filter(Exists(newer_rating)).delete()
    Rating.objects.filter(film=duplicate).update(film=kept)
    refresh_stored_figures(Film.objects.filter(pk=kept.pk))


def copy_ratings_to_reviews(reviews: QuerySet[Review]) -> None:
    """Store on each of `reviews` its author's rating of the film (None if they gave none)."""
    scores = Rating.objects.filter(film=OuterRef("film"), member=OuterRef("author"))
    score = Subquery(scores.values("score")[:1])
    # The review's page shows the rating: those whose copy changes get a new update stamp.
    differs = (
        Q(rating__isnull=True, score__isnull=False)
        | Q(rating__isnull=False, score__isnull=True)
        | (Q(rating__isnull=False, score__isnull=False) & ~Q(rating=F("score")))
    )
    reviews.alias(score=score).filter(differs).update(updated=timezone.now())
    reviews.update(rating=score)


def _set_score(member: User, film_id: int, score: int | None) -> None:
    """Give, change (a score) or take back (None) `member`'s rating; the film is locked.

    Their review of the film, if any, shows the rating: its stored copy changes with it.
    """
    if score is None:
        Rating.objects.filter(film_id=film_id, member=member).delete()
    else:
        Rating.objects.update_or_create(film_id=film_id, member=member, defaults={"score": score})
    unchanged = Q(rating__isnull=True) if score is None else Q(rating=score)
    Review.objects.filter(film_id=film_id, author=member).exclude(unchanged).update(
        rating=score, updated=timezone.now()
    )


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
            copy_ratings_to_reviews(Review.objects.filter(author=member, film__in=batch))
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

    `rating`, if given, becomes (or replaces) the author's rating of the film. The review of a
    member whose address is unconfirmed is held: kept, shown to them alone and counted
    nowhere until they confirm it (`publish_held_reviews`); its rating counts at once, as a
    rating without a review does. Raises PostingSuspended, writing nothing, if a moderator
    suspended the author from posting.
    """
    moderation.refuse_if_suspended(author.pk)
    try:
        with transaction.atomic():
            _lock_film(film.pk)
            review = Review.objects.create(
                author=author,
                film=film,
                body=body,
                headline=headline,
                contains_spoilers=contains_spoilers,
                is_held=holds_reviews(author),
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
    the review's row, or its film's, no longer exists, and PostingSuspended, writing nothing,
    if its author is suspended from posting. Moderators hide and reinstate with `set_hidden`.
    """
    moderation.refuse_if_suspended(review.author_id)
    try:
        with transaction.atomic():
            _lock_film(review.film_id)
            for field, value in changes.items():
                setattr(review, field, value)
            review.save(update_fields=[*changes, "updated"])
            if rating is not UNCHANGED:
                if review.author is None:
                    raise ValueError("a former member's review has no rating to change")
                _set_score(review.author, review.film_id, rating)
                review.rating = rating
            refresh_film_rating(review.film_id)
            bump(Film.objects.filter(pk=review.film_id))
    except (Film.DoesNotExist, Review.NotUpdated):
        raise ReviewGone(f"review {review.pk} was deleted") from None
    return review


def delete_review(review: Review, *, by: User | None = None) -> None:
    """Delete a review; its author's rating of the film stays, as a rating without text.

    Unless a moderator hid the review: its rating left the figures with it, and deleting the
    review must not bring the rating back, so it goes too. Deleted `by` someone other than its
    author (who holds `reviews.delete_review`), it is a moderator's action: logged, and the
    author told.
    """
    with transaction.atomic():
        _lock_film(review.film_id)
        was_hidden = Review.objects.filter(pk=review.pk, is_hidden=True).exists()
        if was_hidden:
            Rating.objects.filter(film_id=review.film_id, member_id=review.author_id).delete()
        if by is not None and by.pk != review.author_id:
            _log_deletion(review, moderator=by, was_hidden=was_hidden)
        review.delete()
        refresh_film_rating(review.film_id)
        bump(Film.objects.filter(pk=review.film_id))


def _log_deletion(review: Review, *, moderator: User, was_hidden: bool) -> None:
    """Log a moderator's deletion of `review` (before it goes: the entry names it as it is)
    and tell its author, if it still has one."""
    moderation.record(action=moderation.Action.DELETE, targets=[review], moderator=moderator)
    _tell_author(
        review,
        f"Your review of {review.film} is deleted",
        "content_deleted",
        has_rating=review.rating is not None,
        was_hidden=was_hidden,
    )


def set_hidden(
    reviews: QuerySet[Review], hidden: bool, *, moderator: User | None = None, reason: str = ""
) -> int:
    """Hide or reinstate reviews (a moderator's action); returns how many changed.

    Hiding upholds the reviews' open reports. Each review changed and each report upheld is
    logged (`moderation.record`), and each changed review's author told, with the reason and,
    when hidden, the way to appeal.
    """
    film_ids = set(reviews.values_list("film_id", flat=True))
    with transaction.atomic():
        _lock_films(film_ids)
        report_reasons = _uphold_reports(reviews, moderator) if hidden else {}
        changed = _change_visibility(reviews, hidden, moderator=moderator, reason=reason)
        refresh_film_ratings(Film.objects.filter(pk__in=film_ids))
        bump_film_ids(film_ids)
        if hidden:
            _tell_authors_hidden(changed, reason, report_reasons)
        else:
            _tell_authors_reinstated(changed, reason)
    return len(changed)


def _change_visibility(
    reviews: QuerySet[Review], hidden: bool, *, moderator: User | None, reason: str
) -> list[Review]:
    """Set `is_hidden` on those of `reviews` that differ, logging each; the ones changed.

    Called with their films locked, so the rows listed are the rows updated.
    """
    changing = reviews.exclude(is_hidden=hidden)
    changed = list(changing.select_related("film", "author").order_by("pk"))
    changing.update(is_hidden=hidden, updated=timezone.now())
    action = moderation.Action.HIDE if hidden else moderation.Action.REINSTATE
    moderation.record(action=action, targets=changed, moderator=moderator, reason=reason)
    return changed


def _uphold_reports(reviews: QuerySet[Review], moderator: User | None) -> dict[int, list[str]]:
    """Uphold the open reports on `reviews`, logging each; each review's reasons reported."""
    open_reports = Report.objects.filter(review__in=reviews, status=Report.Status.OPEN)
    upheld = list(open_reports.select_related("review__film", "review__author").order_by("pk"))
    moderation.record(action=moderation.Action.UPHOLD_REPORT, targets=upheld, moderator=moderator)
    Report.objects.filter(pk__in=[report.pk for report in upheld]).update(
        status=Report.Status.UPHELD
    )
    return moderation.reasons_reported(upheld, "review")


def _described(review: Review) -> str:
    """A review as its author's notices name it."""
    headline = f", “{review.headline}”" if review.headline else ""
    return f"review of {review.film}{headline}"


def _tell_author(review: Review, subject: str, mail: str, **context: Any) -> None:
    """Tell `review`'s author what a moderator did to it (a notice, and the same words by
    mail: templates/moderation/mail/<mail>.txt), unless a former member wrote it."""
    if review.author is None:  # a former member: nobody to tell
        return
    moderation.notify(
        member=review.author,
        subject=subject,
        template=f"moderation/mail/{mail}.txt",
        context={
            "what": _described(review),
            "counts_in_figures": review.rating is not None,
            "link": absolute_url(review.get_absolute_url()),
            **context,
        },
    )


def _tell_authors_hidden(
    reviews: list[Review], reason: str, report_reasons: dict[int, list[str]]
) -> None:
    appealed = set(
        Appeal.objects.filter(review__in=[review.pk for review in reviews]).values_list(
            "review_id", flat=True
        )
    )
    for review in reviews:
        appeal_path = reverse("reviews:review_appeal", args=[review.pk])
        _tell_author(
            review,
            f"Your review of {review.film} is hidden",
            "content_hidden",
            reason=reason,
            report_reasons=report_reasons.get(review.pk, []),
            appeal_link="" if review.pk in appealed else absolute_url(appeal_path),
        )


def _tell_authors_reinstated(reviews: list[Review], reason: str) -> None:
    for review in reviews:
        _tell_author(
            review, f"Your review of {review.film} is back", "content_reinstated", reason=reason
        )


def dismiss_reports(reports: QuerySet[Report], *, moderator: User | None = None) -> int:
    """Close the open ones among `reports`, leaving their reviews as they are, each logged;
    how many."""
    with transaction.atomic():
        dismissing = list(
            reports.filter(status=Report.Status.OPEN)
            .select_for_update(of=("self",))
            .select_related("review__film", "review__author")
            .order_by("pk")
        )
        moderation.record(
            action=moderation.Action.DISMISS_REPORT, targets=dismissing, moderator=moderator
        )
        return Report.objects.filter(pk__in=[report.pk for report in dismissing]).update(
            status=Report.Status.DISMISSED
        )


class AppealRefused(Exception):
    """The review cannot be appealed (not hidden, or appealed already); the message says why."""


def appeal(*, review: Review, author: User, text: str) -> Appeal:
    """Ask moderators to reinstate `author`'s hidden review: once per review."""
    if review.author_id != author.pk:
        raise AppealRefused("Only the review's author can appeal against its hiding.")
    try:
        with transaction.atomic():
            # Read again, locked: a moderator may have reinstated it since the page was read.
            if not Review.objects.select_for_update().filter(pk=review.pk, is_hidden=True):
                raise AppealRefused(
                    "This review is not hidden: there is nothing to appeal against."
                )
            return Appeal.objects.create(review=review, text=text)
    except IntegrityError:
        raise AppealRefused(APPEALED_ALREADY) from None


APPEALED_ALREADY = (
    "You have appealed already: a review can be appealed once, and a moderator will tell "
    "you the outcome."
)


def decide_appeals(
    appeals: QuerySet[Appeal], *, uphold: bool, moderator: User | None, note: str = ""
) -> int:
    """Uphold (reinstating the reviews) or reject the open ones among `appeals`; how many.

    Each decision is logged, with each reinstatement, and each author told the outcome.
    """
    with transaction.atomic():
        # Locked, so that two moderators deciding at once decide (and log, and tell) once.
        deciding = list(
            appeals.filter(status=Appeal.Status.OPEN)
            .select_for_update(of=("self",))
            .select_related("review__film", "review__author")
            .order_by("pk")
        )
        film_ids = {appeal.review.film_id for appeal in deciding}
        _lock_films(film_ids)
        Appeal.objects.filter(pk__in=[appeal.pk for appeal in deciding]).update(
            status=Appeal.Status.UPHELD if uphold else Appeal.Status.REJECTED,
            decided=timezone.now(),
            decided_by=moderator,
            note=note,
        )
        action = moderation.Action.UPHOLD_APPEAL if uphold else moderation.Action.REJECT_APPEAL
        moderation.record(action=action, targets=deciding, moderator=moderator, reason=note)
        if uphold:
            reviews = Review.objects.filter(pk__in=[appeal.review_id for appeal in deciding])
            _change_visibility(reviews, False, moderator=moderator, reason="Appeal upheld.")
            refresh_film_ratings(Film.objects.filter(pk__in=film_ids))
            bump_film_ids(film_ids)
        verdict = "upheld" if uphold else "rejected"
        for decided in deciding:
            review = decided.review
            _tell_author(
                review,
                f"Your appeal is {verdict}: your review of {review.film}",
                "appeal_decided",
                upheld=uphold,
                note=note,
            )
    return len(deciding)


def publish_held_reviews(member: User) -> int:
    """Publish the reviews held until `member` confirmed their address; how many.

    Their films' review counts grow and their pages change: each film is locked, recomputed
    and given a new page version, as any other publication does.
    """
    held = Review.objects.filter(author=member, is_held=True)
    with transaction.atomic():
        film_ids = set(held.values_list("film_id", flat=True))
        if not film_ids:
            return 0
        _lock_films(film_ids)
        published = held.update(is_held=False)
        refresh_film_ratings(Film.objects.filter(pk__in=film_ids))
        bump_film_ids(film_ids)
    return published


def keep_reviews_of_leaving_member(member: User) -> None:
    """Before `member` deletes their account: their published reviews stay, by "a former member".

    Their ratings go with them (a rating is the member's, not the review's), so the reviews
    kept lose their stored copy of it. Held reviews, which no confirmed address ever vouched
    for, go with the account. Call it in the deleting transaction, inside
    `pagecache.versions.deferred()`: the pages naming the member change with the deletion.
    """
    figures_fed_by(member)  # every film the member's rows feed, locked in order
    kept = Review.objects.filter(author=member, is_held=False)
    bump_film_ids(kept.values_list("film_id", flat=True))
    kept.update(author=None, rating=None)


@dataclass(frozen=True)
class MemberFigures:
    """What a member's rows feed: films' figures (their reviews and ratings), reviews' votes."""

    film_ids: set[int]
    voted_review_ids: set[int]
    voted_film_ids: set[int]


def figures_fed_by(member: User) -> MemberFigures:
    """The stored figures `member`'s rows feed, with the films involved locked.

    Called before a member is deleted (their reviews, ratings and votes go with them), inside
    the deleting transaction; `refresh_figures_fed_by` afterwards keeps those figures exact.
    """
    film_ids = set(Review.objects.filter(author=member).values_list("film_id", flat=True))
    film_ids |= set(Rating.objects.filter(member=member).values_list("film_id", flat=True))
    votes = HelpfulVote.objects.filter(voter=member)
    voted_reviews = set(votes.values_list("review_id", flat=True))
    voted_films = set(votes.values_list("review__film_id", flat=True))
    _lock_films(film_ids | voted_films)
    return MemberFigures(film_ids, voted_reviews, voted_films)


def refresh_figures_fed_by(figures: MemberFigures) -> None:
    """Recompute the figures `figures_fed_by` found, once the member's rows are gone."""
    if figures.film_ids:
        refresh_film_ratings(Film.objects.filter(pk__in=figures.film_ids))
    if figures.voted_review_ids:
        refresh_review_votes(Review.objects.filter(pk__in=figures.voted_review_ids))


def vote(*, review: Review, voter: User, is_helpful: bool) -> None:
    """Record or change `voter`'s verdict on `review`, and store its new counts and rank.

    The film's row is locked first, as every writer of a film's reviews does, so votes on one
    review queue and its stored counts stay exact.
    """
    if review.author_id == voter.pk:
        raise OwnReviewVote("You cannot vote on your own review.")
    with transaction.atomic():
        # The film's row first, as every writer of the film takes it before the review's.
        # Votes show on the film's own pages only: the site-wide pages stay cached.
        bump_film_pages(Film.objects.filter(pk=review.film_id))
        HelpfulVote.objects.update_or_create(
            review=review, voter=voter, defaults={"is_helpful": is_helpful}
        )
        refresh_review_votes(Review.objects.filter(pk=review.pk))


def report(
    *, review: Review, reporter: User | AnonymousUser, reason: str, note: str = ""
) -> Report:
    member = reporter if reporter.is_authenticated else None
    return Report.objects.create(review=review, reporter=member, reason=reason, note=note)
