"""Review pages, and writing, voting on and reporting reviews.

Read-only pages are generic class-based views; every write is a small function view that
checks permissions, calls `services` and redirects with a message (POST → redirect → GET).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from catalog.models import Film
from filmsite import ratelimit
from filmsite.lists import keyset
from filmsite.members import MemberRequest
from filmsite.moderation.services import PostingSuspended, suspension_of
from filmsite.redirects import redirect_to_next, wants_json
from filmsite.views import ExplainedHttp404

from . import services
from .filters import ReviewFilter
from .forms import AppealForm, RatingForm, ReportForm, ReviewForm, VoteForm
from .models import Appeal, Rating, Review

HELD_REVIEW_MESSAGE = (
    "Thank you: your review is saved. It will be published once you confirm your email "
    "address with the link we sent you; until then only you can see it."
)

# Read on every cached review page's hit: plain SQL, as catalog.views.FILM_VERSION_SQL is,
# for the rule of Review.objects.visible_to(AnonymousUser()): not hidden, not held, film
# published.
REVIEW_VERSION_SQL = (
    "SELECT film.{version} FROM {reviews} review JOIN {films} film ON film.{film_id} = "
    "review.{review_film} WHERE review.{review_id} = %s AND review.{hidden} = %s "
    "AND review.{held} = %s AND film.{status} = %s"
).format(
    version=Film._meta.get_field("page_version").column,
    reviews=Review._meta.db_table,
    films=Film._meta.db_table,
    film_id=Film._meta.pk.column,
    review_film=Review._meta.get_field("film").column,
    review_id=Review._meta.pk.column,
    hidden=Review._meta.get_field("is_hidden").column,
    held=Review._meta.get_field("is_held").column,
    status=Film._meta.get_field("status").column,
)


def review_page_version(request: HttpRequest, pk: int) -> int | None:
    """The version of a review's page (its film's), in one query; None unless any visitor may
    read the review, so hidden or held reviews and drafts' reviews are never cached."""
    with connection.cursor() as cursor:
        cursor.execute(REVIEW_VERSION_SQL, [pk, False, False, Film.Status.PUBLISHED.value])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


class ReviewDetailView(DetailView):
    """A review's permalink, with its whole text: where "View More" leads without JavaScript."""

    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self) -> QuerySet[Review]:
        user = self.request.user
        return Review.objects.for_detail_page().visible_to(user).with_verdict_of(user)


class FilmReviewListView(FilterView):
    """All of a film's reviews, sorted and filtered by GET parameters, in keyset pages.

    `?after=<cursor>` is the page after the one that ended there, `?before=` the one before:
    any page of a film with 100,000 reviews costs what its first page costs.
    """

    filterset_class = ReviewFilter
    template_name = "reviews/review_list.html"
    context_object_name = "reviews"
    page_size = 20
    strict = False

    def get_queryset(self) -> QuerySet[Review]:
        self.film = get_object_or_404(
            Film.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
        )
        user = self.request.user
        reviews = Review.objects.for_listing().visible_to(user).with_verdict_of(user)
        return reviews.filter(film=self.film)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("object_list", None)  # the filtered reviews, of which a page is shown
        try:
            page = keyset.paginate(
                self.object_list,
                self.filterset.ordering,
                self.page_size,
                after=self.request.GET.get("after"),
                before=self.request.GET.get("before"),
            )
        except keyset.InvalidCursor:
            raise ExplainedHttp404(
                "This page of reviews does not exist: start again from the first page."
            ) from None
        return super().get_context_data(
            film=self.film, page=page, object_list=page.items, reviews=page.items, **kwargs
        )


FILM_GONE = "This film has been deleted."


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: MemberRequest, slug: str) -> HttpResponse:
    film = get_object_or_404(Film.objects.visible_to(request.user), slug=slug)
    existing = Review.objects.filter(film=film, author=request.user).first()
    if existing is not None:
        messages.info(request, f"You have already reviewed {film.title}; you can edit it here.")
        return redirect("reviews:review_update", pk=existing.pk)
    score = Rating.objects.filter(film=film, member=request.user).values_list("score", flat=True)
    form = ReviewForm(request.POST or None, initial={"rating": score.first()})
    if request.method == "POST" and form.is_valid():
        # Counted once valid, before writing, so parallel posts cannot pass together.
        ratelimit.hit(ratelimit.REVIEW_POST, request)
        try:
            review = services.post_review(author=request.user, film=film, **form.cleaned_data)
        except services.DuplicateReview as duplicate:
            messages.info(request, "You have already reviewed this film; edit it here.")
            return redirect("reviews:review_update", pk=duplicate.review.pk)
        except PostingSuspended as refusal:
            return _refused_form(request, form, refusal, film=film)
        except services.FilmGone:
            raise ExplainedHttp404(FILM_GONE) from None
        if review.is_held:
            messages.info(request, HELD_REVIEW_MESSAGE)
        else:
            messages.success(request, "Thank you: your review is published.")
        return redirect(f"{film.get_absolute_url()}#review-{review.pk}")
    return _review_form(request, form, film=film)


def _review_form(
    request: MemberRequest, form: ReviewForm, status: int = 200, **context: Any
) -> HttpResponse:
    """The review form, telling a suspended member until when they may not post."""
    context |= {"form": form, "suspension": suspension_of(request.user)}
    return render(request, "reviews/review_form.html", context, status=status)


def _refused_form(
    request: MemberRequest, form: ReviewForm, refusal: PostingSuspended, **context: Any
) -> HttpResponse:
    """The form again, as written, with the suspension as its error: nothing was saved."""
    form.add_error(None, str(refusal))
    return _review_form(request, form, status=403, **context)


@login_required
@require_POST
def rate_film(request: MemberRequest, slug: str) -> HttpResponse:
    """Give, change or take back the member's rating of a film, from its page or a card.

    Without JavaScript it redirects back; a script asking for JSON gets the film's figures.
    """
    film = get_object_or_404(Film.objects.visible_to(request.user), slug=slug)
    form = RatingForm(request.POST)
    as_json = wants_json(request)
    if not form.is_valid():
        if as_json:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        messages.error(request, "Choose a rating from 1 to 10.")
        return redirect_to_next(request, film)
    ratelimit.hit(ratelimit.RATING, request)
    try:
        if form.cleaned_data["remove"]:
            services.unrate(member=request.user, film=film)
            score, outcome = None, f"Your rating of {film.title} is removed."
        else:
            score = form.cleaned_data["score"]
            services.rate(member=request.user, film=film, score=score)
            outcome = f"You rated {film.title} {score}/10."
    except services.FilmGone:
        raise ExplainedHttp404(FILM_GONE) from None
    if as_json:
        film.refresh_from_db(fields=["user_rating_count", "user_rating_average"])
        average = film.user_rating_average
        return JsonResponse(
            {
                "score": score,
                "message": outcome,
                "rating_count": film.user_rating_count,
                "rating_average": None if average is None else str(average),
            }
        )
    messages.success(request, outcome)
    return redirect_to_next(request, film)


def _review_for(
    request: MemberRequest,
    pk: int,
    allowed: Callable[[Review, User], bool],
    refusal: str,
) -> Review:
    review = get_object_or_404(Review.objects.select_related("film", "author"), pk=pk)
    if not allowed(review, request.user):
        raise PermissionDenied(refusal)
    return review


@login_required
@require_http_methods(["GET", "POST"])
def review_update(request: MemberRequest, pk: int) -> HttpResponse:
    review = _review_for(
        request, pk, Review.is_editable_by, "Only the review's author can change it."
    )
    form = ReviewForm(request.POST or None, instance=review, initial={"rating": review.rating})
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_review(review, **changes)
        except services.ReviewGone:
            raise ExplainedHttp404("This review has been deleted.") from None
        except PostingSuspended as refusal:
            return _refused_form(request, form, refusal, film=review.film, review=review)
        messages.success(request, "Your review is updated.")
        return redirect(f"{review.film.get_absolute_url()}#review-{review.pk}")
    return _review_form(request, form, film=review.film, review=review)


@login_required
@require_http_methods(["GET", "POST"])
def review_delete(request: MemberRequest, pk: int) -> HttpResponse:
    review = _review_for(
        request, pk, Review.is_deletable_by, "Only the review's author can delete it."
    )
    if request.method == "POST":
        services.delete_review(review, by=request.user)
        own = review.author_id == request.user.pk
        messages.success(request, "Your review is deleted." if own else "The review is deleted.")
        return redirect(review.film)
    return render(request, "reviews/review_confirm_delete.html", {"review": review})


@login_required
@require_POST
def review_vote(request: MemberRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.visible_to(request.user), pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the review was helpful.")
        return redirect_to_next(request, review)
    ratelimit.hit(ratelimit.VOTE, request)
    try:
        services.vote(review=review, voter=request.user, is_helpful=form.cleaned_data["helpful"])
    except services.OwnReviewVote as refusal:
        raise PermissionDenied(str(refusal)) from None
    messages.success(request, "Thank you for your vote.")
    return redirect_to_next(request, review)


@require_http_methods(["GET", "POST"])
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        Review.objects.visible_to(request.user).select_related("film", "author"), pk=pk
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratelimit.hit(ratelimit.REPORT, request)
        services.report(review=review, reporter=request.user, **form.cleaned_data)
        messages.success(request, "Thank you: a moderator will look at this review.")
        return redirect(review.film)
    return render(request, "reviews/report_form.html", {"form": form, "review": review})


@login_required
@require_http_methods(["GET", "POST"])
def review_appeal(request: MemberRequest, pk: int) -> HttpResponse:
    """The author's appeal against a moderator's hiding of their review: once per review.

    Another member's review is a 404, as if it did not exist: no one learns what is hidden.
    """
    review = get_object_or_404(
        Review.objects.select_related("film", "author").filter(author=request.user), pk=pk
    )
    appeal = Appeal.objects.filter(review=review).first()
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if appeal is not None or not review.is_hidden:
            status = 409  # the page says why: appealed already, or nothing to appeal
        elif form.is_valid():
            try:
                services.appeal(review=review, author=request.user, **form.cleaned_data)
            except services.AppealRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("reviews:review_appeal", pk=review.pk)
            messages.success(
                request,
                "Your appeal is sent: a moderator will read it, and you will be told the "
                "outcome on your notices page and by email.",
            )
            return redirect(review)
        else:
            status = 400
    context = {"review": review, "appeal": appeal, "form": form}
    return render(request, "reviews/appeal_form.html", context, status=status)
