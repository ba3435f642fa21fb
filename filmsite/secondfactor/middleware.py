"""Staff and superusers signed in with their password alone reach only the second-factor pages.

Staff permissions are not only the admin's: drafts, deleting others' reviews and the like
work on the site's own pages too, so a session holding only a password is sent to prove the
second factor before any view, not only the admin's. Other members, who hold no
permission (`filmsite.accounts.backends`), never are.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import services

View = Callable[..., HttpResponse]


def second_factor_exempt(view: View) -> View:
    """Mark a view staff may reach before proving their second factor (as csrf_exempt marks)."""
    view.second_factor_exempt = True  # type: ignore[attr-defined]
    return view


class SecondFactorMiddleware:
    """Send staff without a proved second factor to prove it (or enrol), then back.

    After django-otp's OTPMiddleware, which tells whether the session proved one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: View, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, "second_factor_exempt", False):
            return None
        if not services.needs_second_factor(request.user) or services.is_verified(request.user):
            return None
        target = reverse("secondfactor:verify")
        # Back to the page asked for; a form's post is not repeated, so it comes back to none.
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
