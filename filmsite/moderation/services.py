"""Writing the moderation log, telling members what moderators did, and suspensions.

The apps whose rows are moderated (reviews, lists) call `record` and `notify` from their own
services, inside the transaction that acts, so an action, its log entries and its notices are
written together or not at all; a notice's mail is queued in that transaction too, and never
sent for a rolled-back action (`filmsite.mail`). Writers of what members post call
`refuse_if_suspended` first.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from filmsite.accounts.mail import send_member_mail

from .models import ModerationAction, Notice, Suspension

Action = ModerationAction.Action
TARGET_TEXT_MAX_LENGTH = ModerationAction._meta.get_field("target_text").max_length or 300
SUBJECT_MAX_LENGTH = Notice._meta.get_field("subject").max_length or 300


def record(
    *, action: str, targets: Iterable[Model], moderator: User | None, reason: str = ""
) -> int:
    """Log `action` once per row of `targets` (each named as it is now); how many entries."""
    entries = [
        ModerationAction(
            moderator=moderator,
            moderator_name=moderator.get_username() if moderator else "",
            action=action,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            target_text=str(target)[:TARGET_TEXT_MAX_LENGTH],
            reason=reason,
        )
        for target in targets
    ]
    ModerationAction.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def reasons_reported(reports: Iterable[Any], target: str) -> dict[int, list[str]]:
    """The reasons `reports` give (their labels, each once), by the id of their `target`."""
    reasons: dict[int, list[str]] = {}
    for report in reports:
        labels = reasons.setdefault(getattr(report, f"{target}_id"), [])
        if (label := report.get_reason_display()) not in labels:
            labels.append(label)
    return reasons


def notify(*, member: User, subject: str, template: str, context: dict[str, Any]) -> Notice:
    """Tell `member` on the site (a notice) and by mail, in the same words.

    A subject naming something long (a film's title may take the whole field) is cut short
    with an ellipsis, rather than failing the action that tells of it.
    """
    subject = Truncator(subject).chars(SUBJECT_MAX_LENGTH)
    context = {"member": member, **context}
    notice = Notice.objects.create(
        member=member, subject=subject, body=render_to_string(template, context).strip()
    )
    if member.email:
        send_member_mail(to=member.email, subject=subject, template=template, context=context)
    return notice


def mark_read(notices: QuerySet[Notice]) -> int:
    return notices.filter(read_at__isnull=True).update(read_at=timezone.now())


def when(moment: datetime) -> str:
    """A moment as members read it in notices and messages: "14 December 2026, 18:00 UTC"."""
    return f"{date_format(moment.astimezone(UTC), 'j F Y, H:i')} UTC"


class PostingSuspended(Exception):
    """The member is suspended from posting; the message says until when."""

    def __init__(self, suspension: Suspension) -> None:
        super().__init__(
            f"You are suspended from posting until {when(suspension.ends)}: until then you "
            f"cannot write or edit reviews, or make or change lists. The reason: "
            f"{suspension.reason}"
        )
        self.suspension = suspension


def suspension_of(member: User | AnonymousUser) -> Suspension | None:
    """The suspension in force for `member` that ends last, if any."""
    if not member.is_authenticated:
        return None
    return _in_force_for(member.pk)


def _in_force_for(member_id: int) -> Suspension | None:
    return Suspension.objects.in_force().filter(member=member_id).order_by("-ends").first()


def refuse_if_suspended(member_id: int | None) -> None:
    """Raise PostingSuspended if the member may not post now (a former member never posts)."""
    if member_id is not None and (suspension := _in_force_for(member_id)) is not None:
        raise PostingSuspended(suspension)


def suspend(*, member: User, ends: datetime, reason: str, moderator: User | None) -> Suspension:
    """Bar `member` from posting until `ends`; logged, and the member told."""
    with transaction.atomic():
        suspension = Suspension.objects.create(
            member=member, ends=ends, reason=reason, moderator=moderator
        )
        record(action=Action.SUSPEND, targets=[member], moderator=moderator, reason=reason)
        notify(
            member=member,
            subject=f"You are suspended from posting on Filmsite until {when(ends)}",
            template="moderation/mail/suspended.txt",
            context={"ends": when(ends), "reason": reason},
        )
    return suspension


def lift(suspensions: QuerySet[Suspension], *, moderator: User | None) -> int:
    """End `suspensions` now, those still in force; each logged, each member told."""
    with transaction.atomic():
        in_force = Suspension.objects.in_force().filter(pk__in=suspensions.values("pk"))
        lifting = list(in_force.select_for_update(of=("self",)).select_related("member"))
        Suspension.objects.filter(pk__in=[s.pk for s in lifting]).update(lifted=timezone.now())
        record(
            action=Action.LIFT_SUSPENSION,
            targets=[suspension.member for suspension in lifting],
            moderator=moderator,
        )
        for suspension in lifting:
            notify(
                member=suspension.member,
                subject="Your suspension from posting on Filmsite is lifted",
                template="moderation/mail/suspension_lifted.txt",
                context={},
            )
    return len(lifting)
