"""Account forms: signing up (with a honeypot for bots), and the log-in of the site and of the
admin, which count each attempt against the rate limits."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from filmsite import ratelimit

if TYPE_CHECKING:
    _AuthenticationForm = AuthenticationForm
else:
    _AuthenticationForm = object  # the mixin goes before the form in a class's bases


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="For resetting your password; never shown to others.")
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
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


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
