"""Mail, always sent by the task worker: a request only queues it.

`enqueue_mail` is the one way the site sends mail. The message is composed by the caller
(rendered in its request) and sent by the worker, tried again if the mail server fails.
"""

from collections.abc import Sequence

from django.core.mail import EmailMultiAlternatives
from django.tasks import TaskResult

from filmsite.tasks import retried_task


def enqueue_mail(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    from_email: str | None = None,
) -> TaskResult:
    """Queue a message to `to` (plain text `body`, optionally an HTML alternative).

    `from_email` defaults to DEFAULT_FROM_EMAIL. Queued in the caller's transaction, if any:
    a message about a write that is rolled back is never sent.
    """
    return send_mail.enqueue(
        to=list(to), subject=subject, body=body, html_body=html_body, from_email=from_email
    )


@retried_task
def send_mail(
    *, to: list[str], subject: str, body: str, html_body: str | None, from_email: str | None
) -> None:
    # A subject with a line break would be refused by the mail backend anyway.
    message = EmailMultiAlternatives(" ".join(subject.splitlines()), body, from_email, to)
    if html_body is not None:
        message.attach_alternative(html_body, "text/html")
    message.send()
