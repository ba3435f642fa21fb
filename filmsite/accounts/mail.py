"""Mail to members, sent from one place.

Every message the accounts app sends goes through `send_member_mail`, which renders a
plain-text template in the request and queues it for the task worker (`filmsite.mail`), so no
request waits on, or fails with, the mail server.
"""

from typing import Any

from django.template.loader import render_to_string

from filmsite.mail import enqueue_mail


def send_member_mail(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    """Send one plain-text message to one address, from DEFAULT_FROM_EMAIL."""
    enqueue_mail(to=[to], subject=subject, body=render_to_string(template, context))
