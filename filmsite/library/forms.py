"""Forms for making and editing lists, adding a film to one, and reporting one."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from .history import MAX_BYTES
from .models import NOTE_MAX_LENGTH, TITLE_MAX_LENGTH, FilmList, FilmListEntry, ListReport


class FilmListForm(forms.ModelForm):
    class Meta:
        model = FilmList
        fields = ["title", "description", "is_public"]
        labels = {"title": "Title", "description": "Description (optional)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class NoteForm(forms.ModelForm):
    class Meta:
        model = FilmListEntry
        fields = ["note"]
        labels = {"note": "Your note (optional)"}


class AddToListForm(forms.Form):
    """Add the film to one of the member's lists, or to a new list named here."""

    film_list = forms.ModelChoiceField(
        queryset=FilmList.objects.none(),
        required=False,
        label="List",
        empty_label="A new list…",
    )
    new_title = forms.CharField(
        label="Title of a new list", max_length=TITLE_MAX_LENGTH, required=False
    )
    note = forms.CharField(label="Note (optional)", max_length=NOTE_MAX_LENGTH, required=False)

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lists = self.fields["film_list"]
        assert isinstance(lists, forms.ModelChoiceField)
        lists.queryset = FilmList.objects.filter(owner=owner).order_by("-updated", "-pk")
        lists.label_from_instance = lambda film_list: film_list.title  # type: ignore[assignment]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("film_list") and not cleaned.get("new_title") and not self.errors:
            raise ValidationError(
                "Choose one of your lists, or give the new list a title.", code="no_list"
            )
        return cleaned


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class ReorderForm(forms.Form):
    """The list's entry ids, each once, in their new order (as `entries=3&entries=1&...`)."""

    entries = forms.TypedMultipleChoiceField(coerce=int)

    def __init__(self, *args: Any, entry_ids: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entries = self.fields["entries"]
        assert isinstance(entries, forms.TypedMultipleChoiceField)
        entries.choices = [(pk, pk) for pk in entry_ids]


class ListReportForm(forms.ModelForm):
    # Declared, as reviews.forms.ReportForm's is: no empty choice checked in the radio group.
    reason = forms.ChoiceField(
        label="What is wrong with this list?",
        choices=ListReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong with this list."},
    )

    class Meta:
        model = ListReport
        fields = ["reason", "note"]
        labels = {"note": "Details (optional)"}


class HistoryImportForm(forms.Form):
    """An export from IMDb or Letterboxd (or from us), read whole into memory if small enough."""

    export = forms.FileField(
        label="Your export (a CSV file)",
        help_text="IMDb's ratings export, Letterboxd's ratings.csv or watchlist.csv, up to 5 MB.",
    )

    def clean_export(self) -> bytes:
        upload = self.cleaned_data["export"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.", code="too_large"
            )
        return upload.read(MAX_BYTES + 1)
