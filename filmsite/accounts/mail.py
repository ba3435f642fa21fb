"""Mail to members, sent from one place: the integrator routes it through the task queue here.

Every message the accounts app sends goes through `send_member_mail`, which renders a
plain-text template and hands it to Django's mailer.
"""

from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_member_mail(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    """Send one plain-text message to one address, from DEFAULT_FROM_EMAIL."""
    body = render_to_string(template, context)
    send_mail(subject, body, None, [to])
