"""Signing up, the rate-limited log-in, and members' public profiles."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.views import LoginView
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from filmsite import ratelimit
from filmsite.redirects import redirect_to_next
from reviews.models import Review

from .forms import SignupForm


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
            return redirect_to_next(request, "catalog:home")
    next_url = request.POST.get("next", request.GET.get("next", ""))
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


class RateLimitedLoginView(LoginView):
    """Django's log-in, with failures counted per address and per username tried."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150].casefold()
        self.attempted_as = [f"username:{username}"]
        ratelimit.check(ratelimit.LOGIN_FAILURE, request, extra=self.attempted_as)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.count(ratelimit.LOGIN_FAILURE, self.request, extra=self.attempted_as)
        return super().form_invalid(form)


class ProfileView(ListView):
    """A member's public page: the reviews they have written, newest first."""

    template_name = "accounts/profile.html"
    context_object_name = "reviews"
    paginate_by = 20

    def get_queryset(self):
        self.profile = get_object_or_404(get_user_model(), username=self.kwargs["username"])
        return (
            Review.objects.for_listing()
            .visible_to(self.request.user)
            .filter(author=self.profile)
            .select_related("film")
            .order_by("-created", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)
