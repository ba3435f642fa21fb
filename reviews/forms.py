"""Forms for writing reviews, voting on them and reporting them."""

from django import forms

from .models import BODY_MAX_LENGTH, BODY_MIN_LENGTH, RATING_CHOICES, Report, Review


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
