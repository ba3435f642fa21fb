"""Forms for accounts, reviews, votes and reports."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from .models import BODY_MAX_LENGTH, BODY_MIN_LENGTH, Report, Review

RATING_CHOICES = [(n, str(n)) for n in range(1, 11)]


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="For resetting your password; never shown to others.")
    # A field people never see (hidden by CSS and from assistive technology); bots fill it in.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        template_name="reviews/honeypot_field.html",  # type: ignore[call-arg]  # Django 5.0+
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Leave this field empty.", code="honeypot")
        return ""

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "star-rating"}),
        label="Your rating",
        help_text="From 1 (worst) to 10 (best).",
        error_messages={
            "required": "Choose a rating from 1 to 10.",
            "invalid_choice": "Choose a rating from 1 to 10.",
        },
    )
    body = forms.CharField(
        label="Your review",
        min_length=BODY_MIN_LENGTH,
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            f"Between {BODY_MIN_LENGTH} and {BODY_MAX_LENGTH:,} characters. "
            "Blank lines separate paragraphs; links are shown as plain text."
        ),
    )

    class Meta:
        model = Review
        fields = ["rating", "headline", "body", "contains_spoilers"]
        labels = {
            "headline": "Headline (optional)",
            "contains_spoilers": "This review contains spoilers",
        }
        help_texts = {"contains_spoilers": "Readers will see a warning before the text."}


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes"
    )


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "note"]
        labels = {"reason": "What is wrong with this review?", "note": "Details (optional)"}
        widgets = {"reason": forms.RadioSelect}
