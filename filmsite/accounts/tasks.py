"""The password reset's mail, looked up and composed by the task worker.

The reset page queues `mail_password_reset` for every address it is given, whether an account
has it or not, so its answer takes the same time either way; the worker finds the accounts
and queues their mail (`filmsite.mail.enqueue_mail`), or does nothing.
"""

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string

from filmsite.mail import enqueue_mail
from filmsite.tasks import retried_task


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose mail goes through the queue (tried again on failure)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        enqueue_mail(
            to=[to_email],
            subject=render_to_string(subject_template_name, context),
            body=render_to_string(email_template_name, context),
            html_body=(
                render_to_string(html_email_template_name, context)
                if html_email_template_name
                else None
            ),
            from_email=from_email,
        )


@retried_task
def mail_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """Mail a reset link to the active accounts with this address, if there are any."""
    form = QueuedPasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
