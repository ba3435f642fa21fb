"""Signing up and confirming addresses, the rate-limited password reset, members' public
profiles, and a member's own account: their address, their sessions, their data, leaving."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import ListView

from filmsite import ratelimit
from filmsite.members import MemberRequest
from filmsite.moderation.services import suspension_of
from filmsite.redirects import redirect_to_next, safe_next
from reviews.models import Review

from . import data, services
from .forms import (
    ADDRESS_TAKEN,
    ChangeAddressForm,
    DeleteAccountForm,
    PasswordCheckForm,
    SignupForm,
)
from .models import MemberAddress
from .tasks import mail_password_reset


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("catalog:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        ratelimit.hit(ratelimit.SIGNUP, request)
        if form.is_valid():
            try:
                with transaction.atomic():
                    user = form.save()
                    address = services.await_confirmation(user)
            except IntegrityError:
                # Another sign-up took the name or the address since the form checked it:
                # checked again, the form says which.
                form = SignupForm(request.POST)
                if form.is_valid():
                    form.add_error(None, "Someone signed up with these details a moment ago.")
            else:
                login(request, user)
                mailed = _mail_link(request, address)
                messages.success(
                    request,
                    f"Welcome to Filmsite, {user.get_username()}. We have sent a link to "
                    f"{mailed}: follow it to confirm your address. You can rate films and "
                    "keep a watchlist now; your reviews are published once your address is "
                    "confirmed.",
                )
                return redirect_to_next(request, "catalog:home")
    return render(request, "registration/signup.html", {"form": form, "next": safe_next(request)})


def _mail_link(request: HttpRequest, address: MemberAddress) -> str:
    """Queue a confirmation link (the task worker sends it, and retries); the address mailed."""
    return services.send_confirmation(address)


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
        # The link names the site's own address (SITE_URL), never the request's Host:
        # a forged Host would otherwise send a member a reset link to someone else's site.
        site = urlsplit(settings.SITE_URL)
        mail_password_reset.enqueue(
            email=form.cleaned_data["email"], domain=site.netloc, use_https=site.scheme == "https"
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


@login_required
def account(request: MemberRequest) -> HttpResponse:
    """The member's own account: their address and its confirmation, sessions, data, leaving."""
    return _account_page(request, ChangeAddressForm(member=request.user))


def _account_page(
    request: MemberRequest, change_form: ChangeAddressForm, status: int = 200
) -> HttpResponse:
    """The account page, with `change_form` as posted (and refused) or new."""
    return render(
        request,
        "accounts/account.html",
        {
            "address": services.address_of(request.user),
            "change_form": change_form,
            "data_kinds": data.KINDS,
            "suspension": suspension_of(request.user),
            "unread_notices": request.user.notices.unread().count(),
        },
        status=status,
    )


@login_required
@require_POST
def change_address(request: MemberRequest) -> HttpResponse:
    address = services.address_of(request.user)
    form = ChangeAddressForm(request.POST, member=request.user)
    if not form.is_valid():
        return _account_page(request, form, status=400)
    # Counted before mailing, as a new link is: an address change mails whoever it names.
    ratelimit.hit(ratelimit.ADDRESS_CONFIRMATION, request)
    try:
        services.change_address(address, form.cleaned_data["email"])
    except services.AddressTaken:  # by another account since the form checked
        form.add_error("email", ADDRESS_TAKEN)
        return _account_page(request, form, status=400)
    mailed = _mail_link(request, address)
    if address.is_confirmed:
        messages.success(
            request,
            f"We have sent a link to {mailed}. Your address stays {request.user.email} "
            "until you follow it.",
        )
    else:
        messages.success(
            request, f"Your address is now {mailed}; we have sent a link to confirm it."
        )
    return redirect("account")


@login_required
@require_POST
def cancel_address_change(request: MemberRequest) -> HttpResponse:
    services.cancel_address_change(services.address_of(request.user))
    messages.info(request, f"Your address stays {request.user.email}.")
    return redirect("account")


@login_required
@require_POST
def resend_confirmation(request: MemberRequest) -> HttpResponse:
    address = services.address_of(request.user)
    if not services.address_to_confirm(address):
        messages.info(request, "Your address is confirmed already.")
        return redirect("account")
    ratelimit.hit(ratelimit.ADDRESS_CONFIRMATION, request)
    mailed = _mail_link(request, address)
    messages.success(
        request, f"We have sent a new link to {mailed}. Links sent before it still work."
    )
    return redirect("account")


LINK_INVALID = (
    "This confirmation link does not work: it was used already, a newer address replaced "
    "the one it confirms, or it was cut short. Log in to send yourself a new one."
)
LINK_EXPIRED = "This confirmation link has expired. Log in to send yourself a new one."


@require_http_methods(["GET", "POST"])
def confirm_address(request: HttpRequest, payload: str, stamp: str, signature: str) -> HttpResponse:
    """A link from a confirmation mail: a button to confirm (a POST, so that mail scanners
    fetching the link confirm nothing), then the outcome."""
    token = services.join_token(payload, stamp, signature)
    try:
        if request.method == "GET":
            address = services.address_for_token(token)
            return render(
                request,
                "accounts/confirm_address.html",
                {"address": address, "email": services.address_to_confirm(address)},
            )
        address, published = services.confirm_address(token)
    except services.LinkExpired:
        return _link_refused(request, LINK_EXPIRED)
    except services.LinkInvalid:
        return _link_refused(request, LINK_INVALID)
    except services.AddressTaken:
        messages.error(
            request,
            "Another account uses that address now, so yours stays as it was. "
            "Choose another address.",
        )
        return redirect("account" if request.user.is_authenticated else "catalog:home")
    outcome = f"Your email address {address.member.email} is confirmed."
    if published:
        outcome += f" {published} review{pluralize(published)} of yours now published."
    messages.success(request, outcome)
    return redirect("account" if request.user == address.member else "catalog:home")


def _link_refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/link_refused.html", {"message": message}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def sign_out_everywhere(request: MemberRequest) -> HttpResponse:
    """End every other session of the member's; this one stays (it just proved the password)."""
    form = PasswordCheckForm(request.POST or None, request=request, member=request.user)
    if request.method == "POST" and form.is_valid():
        services.sign_out_everywhere(request.user, form.cleaned_data["password"])
        update_session_auth_hash(request, request.user)
        messages.success(
            request,
            "You are signed out everywhere else: every other browser and device must log in "
            "again. This one stays signed in.",
        )
        return redirect("account")
    return render(request, "accounts/sign_out_everywhere.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: MemberRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, request=request, member=request.user)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["reviews"] == DeleteAccountForm.KEEP
        services.delete_account(member=request.user, keep_reviews=keep)
        logout(request)
        kept = (
            "Your reviews stay on the site, signed “a former member”."
            if keep
            else "Your reviews are deleted with it."
        )
        messages.success(
            request,
            f"Your account is deleted, with your ratings, votes, "
            f"watchlist and lists. {kept} Goodbye, and thank you.",
        )
        return redirect("catalog:home")
    return render(request, "accounts/delete_account.html", {"form": form})


@login_required
@require_GET
def download_data(request: MemberRequest, kind: str) -> StreamingHttpResponse:
    """Everything tied to the member's account: one JSON file, or a zip of one CSV per kind."""
    name = f"filmsite-{request.user.get_username()}"
    if kind == "json":
        response = StreamingHttpResponse(
            data.as_json(request.user), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    elif kind == "zip":
        response = StreamingHttpResponse(
            data.as_csv_zip(request.user), content_type="application/zip"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}-csv.zip"'
    else:
        raise Http404("No such download.")
    return response
