"""Account forms: signing up (with a honeypot for bots), and the log-in of the site and of the
admin, which count each attempt against the rate limits."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.models import User
from django.http import HttpRequest

from filmsite import ratelimit

if TYPE_CHECKING:
    _AuthenticationForm = AuthenticationForm
else:
    _AuthenticationForm = object  # the mixin goes before the form in a class's bases


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="We send you a link to confirm it; your reviews are published once you do. "
        "For resetting your password too; never shown to others."
    )
    # A field people never see (hidden by CSS and from assistive technology); bots fill it in.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        # django-stubs lack the template_name that form fields take since Django 5.0.
        template_name="accounts/honeypot_field.html",  # type: ignore[call-arg]
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Leave this field empty.", code="honeypot")
        return ""

    def clean_email(self) -> str:
        return free_email(self.cleaned_data["email"])


class LoginLimitMixin(_AuthenticationForm):
    """Counts each log-in attempt before the password is checked (filmsite.ratelimit's policy).

    The attempt stays counted when the form refuses the log-in, and is taken back when it
    succeeds; an attempt over a limit raises RateLimited before the password hasher runs.
    """

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # no password is checked, so nothing to count
        if self.request is None:
            # Fail loudly: a log-in form built without its request would count nothing.
            raise TypeError(f"{type(self).__name__} needs the request to count log-in attempts")
        counts = ratelimit.count_login_attempt(self.request, username)
        cleaned_data = super().clean()
        ratelimit.take_back(counts)
        return cleaned_data


class LimitedAuthenticationForm(LoginLimitMixin, AuthenticationForm):
    """The site's log-in form."""


class LimitedAdminAuthenticationForm(LoginLimitMixin, AdminAuthenticationForm):
    """The admin's log-in form, sharing the site's counts."""


ADDRESS_TAKEN = "An account with this email address already exists."


def free_email(email: str, member: User | None = None) -> str:
    """`email` normalised, if no account but `member` has it in any case."""
    email = get_user_model().objects.normalize_email(email)
    others = get_user_model().objects.filter(email__iexact=email)
    if member is not None:
        others = others.exclude(pk=member.pk)
    if others.exists():
        raise forms.ValidationError(ADDRESS_TAKEN)
    return email


class ChangeAddressForm(forms.Form):
    email = forms.EmailField(
        label="New email address",
        help_text="We send a link to it; your current address stays until you follow it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_email(self) -> str:
        email = free_email(self.cleaned_data["email"], self.member)
        if email.casefold() == self.member.email.casefold():
            raise forms.ValidationError("This is your address already.")
        return email


class PasswordCheckForm(forms.Form):
    """Asks for the member's password before an action that cannot be undone.

    Each wrong password counts against the log-in limits of the member's username, so the form
    is no way round them for someone holding a stolen session.
    """

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.member = member

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        counts = ratelimit.count_login_attempt(self.request, self.member.get_username())
        if not self.member.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        ratelimit.take_back(counts)
        return password


class DeleteAccountForm(PasswordCheckForm):
    KEEP = "keep"
    DELETE = "delete"
    reviews = forms.ChoiceField(
        label="Your reviews",
        choices=[
            (DELETE, "Delete them with my account"),
            (KEEP, "Keep them on the site, signed “a former member” (without my ratings)"),
        ],
        widget=forms.RadioSelect,
    )

    field_order = ["reviews", "password"]
