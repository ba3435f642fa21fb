"""The type of a request behind `login_required`: its user is a member, never anonymous."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class MemberRequest(HttpRequest):
    """For type checking only: views that require a log-in annotate their request with it."""

    user: User
