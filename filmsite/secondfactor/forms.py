"""The one field every second-factor form asks for: a code."""

from typing import Any

from django import forms


class CodeForm(forms.Form):
    """A code from the authenticator app (or a recovery code: the services take either).

    The app's codes are digits, so phones show the digit keypad; a recovery code has
    letters, so the form asking for one (`recovery`) leaves the keyboard whole.
    """

    code = forms.CharField(
        max_length=20,
        widget=forms.TextInput(
            # Browsers and password managers offer a code they hold for the site.
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, recovery: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if recovery:
            field.label = "Recovery code"
            field.help_text = "One of the codes you saved when you set up two-factor sign-in."
        else:
            field.label = "Code"
            field.help_text = "The 6-digit code your authenticator app shows now."
            field.widget.attrs["inputmode"] = "numeric"
