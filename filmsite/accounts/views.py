"""Signing up, the rate-limited password reset, and members' public profiles."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from filmsite import ratelimit
from filmsite.redirects import redirect_to_next, safe_next
from reviews.models import Review

from .forms import SignupForm
from .tasks import mail_password_reset


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("catalog:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        ratelimit.hit(ratelimit.SIGNUP, request)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Filmsite, {user.get_username()}.")
            return redirect_to_next(request, "catalog:home")
    return render(request, "registration/signup.html", {"form": form, "next": safe_next(request)})


class LimitedPasswordResetView(PasswordResetView):
    """Django's password reset, limited per address and per address mailed, and queued.

    The limit per address mailed is counted for every address asked about, whether or not an
    account has it, so a refusal tells nothing about who has an account. Nor does the answer's
    timing: the view queues the same task for every address and never looks for the account,
    which the task worker does (`filmsite.accounts.tasks`).
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ratelimit.hit(ratelimit.PASSWORD_RESET, request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        mailed = f"email:{form.cleaned_data['email'].casefold()}"
        ratelimit.refuse_over([ratelimit.count_one(ratelimit.PASSWORD_RESET_PER_EMAIL, mailed)])
        mail_password_reset.enqueue(
            email=form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
        return redirect(self.get_success_url())


class ProfileView(ListView):
    """A member's public page: the reviews they have written, newest first."""

    template_name = "accounts/profile.html"
    context_object_name = "reviews"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Review]:
        self.profile = get_object_or_404(get_user_model(), username=self.kwargs["username"])
        return (
            Review.objects.for_listing()
            .visible_to(self.request.user)
            .with_verdict_of(self.request.user)
            .filter(author=self.profile)
            .select_related("film")
            .order_by("-created", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(profile=self.profile, **kwargs)
