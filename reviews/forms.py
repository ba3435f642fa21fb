"""Forms for writing reviews, voting on them, reporting them and appealing their hiding."""

from typing import Any

import regex
from django import forms
from django.core.exceptions import ValidationError

from .graphemes import visible_length
from .models import (
    APPEAL_MAX_LENGTH,
    BODY_MAX_LENGTH,
    BODY_MAX_STORED_LENGTH,
    BODY_MIN_LENGTH,
    RATING_CHOICES,
    Appeal,
    Report,
    Review,
)

# Line breaks (a textarea sends CR LF) and tabs are the only control characters text may hold.
# NUL is left to the validator Django puts on every form CharField, so it is reported once.
_CONTROL = regex.compile(r"[^\P{Cc}\t\n\r\x00]")


def refuse_control_characters(text: str) -> None:
    """Refuse control characters other than line breaks and tabs, naming the first one."""
    if control := _CONTROL.search(text):
        raise ValidationError(
            "Remove the invisible control character U+%(code)04X; only line breaks and tabs "
            "may be used.",
            code="control_character",
            params={"code": ord(control.group())},
        )


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "star-rating"}),
        label="Your rating (optional)",
        help_text="From 1 (worst) to 10 (best). It is your rating of the film, shown beside "
        "your review.",
        error_messages={"invalid_choice": "Choose a rating from 1 to 10."},
    )
    body = forms.CharField(
        label="Your review",
        max_length=BODY_MAX_STORED_LENGTH,
        strip=True,
        validators=[refuse_control_characters],
        error_messages={"max_length": "This review is too long to store; please shorten it."},
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            f"Between {BODY_MIN_LENGTH} and {BODY_MAX_LENGTH:,} characters. "
            "Blank lines separate paragraphs; links are shown as plain text."
        ),
    )

    class Meta:
        model = Review
        fields = ["headline", "body", "contains_spoilers"]
        labels = {
            "headline": "Headline (optional)",
            "contains_spoilers": "This review contains spoilers",
        }
        help_texts = {"contains_spoilers": "Readers will see a warning before the text."}

    def clean_headline(self) -> str:
        headline = self.cleaned_data["headline"]
        refuse_control_characters(headline)
        return headline

    def clean_body(self) -> str:
        """Hold the body to its limits in the characters a reader sees (`visible_length`).

        Runs only once the field's own checks have passed, so the count never walks an
        oversized text.
        """
        body = self.cleaned_data["body"]
        length = visible_length(body)
        if length < BODY_MIN_LENGTH:
            raise ValidationError(
                "Write at least %(limit)d characters; spaces and invisible characters do not "
                "count (this has %(length)d).",
                code="too_short",
                params={"limit": BODY_MIN_LENGTH, "length": length},
            )
        if length > BODY_MAX_LENGTH:
            raise ValidationError(
                "Keep it to %(limit)s characters (this has %(length)s).",
                code="too_long",
                params={"limit": f"{BODY_MAX_LENGTH:,}", "length": f"{length:,}"},
            )
        return body


class RatingForm(forms.Form):
    """A rating on its own, from the film page or a film card; `remove` takes it back."""

    score = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        required=False,
        label="Your rating",
        error_messages={"invalid_choice": "Choose a rating from 1 to 10."},
    )
    remove = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned_data = self.cleaned_data
        if not cleaned_data.get("remove") and cleaned_data.get("score") in (None, ""):
            self.add_error("score", "Choose a rating from 1 to 10.")
        return cleaned_data


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes"
    )


class ReportForm(forms.ModelForm):
    # Declared rather than generated: a model field's choices start with an empty one, which a
    # radio group shows checked, as if "nothing" were an answer, and then refuses.
    reason = forms.ChoiceField(
        label="What is wrong with this review?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong with this review."},
    )

    class Meta:
        model = Report
        fields = ["reason", "note"]
        labels = {"note": "Details (optional)"}


class AppealForm(forms.ModelForm):
    text = forms.CharField(
        label="Why should your review be reinstated?",
        max_length=APPEAL_MAX_LENGTH,
        strip=True,
        validators=[refuse_control_characters],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Up to {APPEAL_MAX_LENGTH:,} characters. You can appeal once.",
        error_messages={"required": "Say why your review should be reinstated."},
    )

    class Meta:
        model = Appeal
        fields = ["text"]
