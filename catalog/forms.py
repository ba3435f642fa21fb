"""Forms of the catalog's own admin pages."""

from django import forms

# IMDb's title types that are films of one kind or another.
FILM_TITLE_TYPES = [
    ("movie", "Films"),
    ("tvMovie", "TV films"),
    ("video", "Direct-to-video films"),
    ("short", "Short films"),
]


class ImdbImportForm(forms.Form):
    types = forms.MultipleChoiceField(
        label="Title types to import",
        choices=FILM_TITLE_TYPES,
        initial=["movie"],
        widget=forms.CheckboxSelectMultiple,
    )
