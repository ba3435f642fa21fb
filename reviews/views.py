"""Review pages, writing and moderating reviews, and the accounts of those who write them.

Read-only pages are generic class-based views; every write is a small function view that
checks permissions, calls `services` and redirects with a message (POST → redirect → GET).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from catalog.models import Film

from . import ratelimit, services
from .filters import ReviewFilter
from .forms import ReportForm, ReviewForm, SignupForm, VoteForm
from .models import Review


def _visible_to(user, reviews):
    """The `reviews` that `user` may see: hidden ones and those of draft films only for staff."""
    if user.is_staff:
        return reviews
    return reviews.visible().filter(film__status=Film.Status.PUBLISHED)


class ReviewDetailView(DetailView):
    """A review's permalink, with its whole text: where "View More" leads without JavaScript."""

    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return _visible_to(self.request.user, Review.objects.for_detail_page())


class FilmReviewListView(FilterView):
    """All of a film's reviews, sorted and filtered by GET parameters, paginated."""

    filterset_class = ReviewFilter
    template_name = "reviews/review_list.html"
    context_object_name = "reviews"
    paginate_by = 20
    strict = False

    def get_queryset(self):
        self.film = get_object_or_404(
            Film.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
        )
        return Review.objects.for_film(self.film)

    def get_context_data(self, **kwargs):
        return super().get_context_data(film=self.film, **kwargs)


class ProfileView(ListView):
    """A user's public page: the reviews they have written, newest first."""

    template_name = "reviews/profile.html"
    context_object_name = "reviews"
    paginate_by = 20

    def get_queryset(self):
        self.profile = get_object_or_404(get_user_model(), username=self.kwargs["username"])
        reviews = Review.objects.for_listing().filter(author=self.profile)
        return (
            _visible_to(self.request.user, reviews)
            .select_related("film")
            .order_by("-created", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, slug):
    film = get_object_or_404(Film.objects.visible_to(request.user), slug=slug)
    existing = Review.objects.filter(film=film, author=request.user).first()
    if existing is not None:
        messages.info(request, f"You have already reviewed {film.title}; you can edit it here.")
        return redirect("reviews:review_update", pk=existing.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        ratelimit.check(ratelimit.REVIEW_POST, request)
        if form.is_valid():
            try:
                review = services.post_review(author=request.user, film=film, **form.cleaned_data)
            except services.DuplicateReview as duplicate:
                messages.info(request, "You have already reviewed this film; edit it here.")
                return redirect("reviews:review_update", pk=duplicate.review.pk)
            ratelimit.count(ratelimit.REVIEW_POST, request)
            messages.success(request, "Thank you: your review is published.")
            return redirect(f"{film.get_absolute_url()}#review-{review.pk}")
    return render(request, "reviews/review_form.html", {"form": form, "film": film})


def _editable_review(request, pk):
    review = get_object_or_404(Review.objects.select_related("film", "author"), pk=pk)
    if not review.is_editable_by(request.user):
        raise PermissionDenied("Only the review's author can change it.")
    return review


@login_required
@require_http_methods(["GET", "POST"])
def review_update(request, pk):
    review = _editable_review(request, pk)
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        services.update_review(
            review, **{name: form.cleaned_data[name] for name in form.changed_data}
        )
        messages.success(request, "Your review is updated.")
        return redirect(f"{review.film.get_absolute_url()}#review-{review.pk}")
    return render(
        request, "reviews/review_form.html", {"form": form, "film": review.film, "review": review}
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_delete(request, pk):
    review = _editable_review(request, pk)
    if request.method == "POST":
        services.delete_review(review)
        messages.success(request, "Your review is deleted.")
        return redirect(review.film)
    return render(request, "reviews/review_confirm_delete.html", {"review": review})


def _back_to(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def review_vote(request, pk):
    review = get_object_or_404(Review.objects.visible(), pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the review was helpful.")
        return _back_to(request, review)
    ratelimit.hit(ratelimit.VOTE, request)
    try:
        services.vote(review=review, voter=request.user, is_helpful=form.cleaned_data["helpful"])
    except services.OwnReviewVote as refusal:
        raise PermissionDenied(str(refusal)) from None
    messages.success(request, "Thank you for your vote.")
    return _back_to(request, review)


@require_http_methods(["GET", "POST"])
def review_report(request, pk):
    review = get_object_or_404(Review.objects.visible().select_related("film", "author"), pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratelimit.hit(ratelimit.REPORT, request)
        services.report(review=review, reporter=request.user, **form.cleaned_data)
        messages.success(request, "Thank you: a moderator will look at this review.")
        return redirect(review.film)
    return render(request, "reviews/report_form.html", {"form": form, "review": review})


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("catalog:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        ratelimit.hit(ratelimit.SIGNUP, request)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Filmsite, {user.get_username()}.")
            return _back_to(request, "catalog:home")
    next_url = request.POST.get("next", request.GET.get("next", ""))
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


class RateLimitedLoginView(LoginView):
    """Django's login, with failures counted per address and per username tried."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150].casefold()
        self.attempted_as = [f"username:{username}"]
        ratelimit.check(ratelimit.LOGIN_FAILURE, request, extra=self.attempted_as)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.count(ratelimit.LOGIN_FAILURE, self.request, extra=self.attempted_as)
        return super().form_invalid(form)
