"""What moderators did (the audit log), what members are told of it (notices), and who may
not post for a while (suspensions).

The audit log is written by the services that act, in their transaction, one row per row
acted on; nothing changes or deletes a row afterwards: the model refuses, the admin offers no
way, and on PostgreSQL a trigger (migration 0002) refuses any UPDATE or DELETE but the one a
moderator's leaving makes (their name stays on the row).
"""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

REASON_MAX_LENGTH = 1000


class AuditLogIsReadOnly(Exception):
    """An attempt to change or delete a written audit entry."""


class ModerationActionQuerySet(models.QuerySet["ModerationAction"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsReadOnly("The moderation log is never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsReadOnly("The moderation log is never deleted from.")


class ModerationAction(models.Model):
    """One moderator's action on one row: a review or list hidden (or a review deleted), a
    report dismissed, an appeal decided, a member suspended. Written once, read by
    moderators, never changed."""

    class Action(models.TextChoices):
        HIDE = "hide", "Hid"
        REINSTATE = "reinstate", "Reinstated"
        DELETE = "delete", "Deleted"
        UPHOLD_REPORT = "uphold_report", "Upheld a report"
        DISMISS_REPORT = "dismiss_report", "Dismissed a report"
        UPHOLD_APPEAL = "uphold_appeal", "Upheld an appeal"
        REJECT_APPEAL = "reject_appeal", "Rejected an appeal"
        SUSPEND = "suspend", "Suspended from posting"
        LIFT_SUSPENSION = "lift_suspension", "Lifted a suspension"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty once the moderator's account is deleted, or for the site's own jobs.",
    )
    moderator_name = models.CharField(
        max_length=150, blank=True, help_text="The moderator's username when they acted."
    )
    action = models.CharField(max_length=20, choices=Action)
    # No foreign key: the entry outlives what it names (a deleted review, a member who left).
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target_text = models.CharField(
        max_length=300, help_text="What the target was when the action was taken."
    )
    reason = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["-created", "-id"], name="modaction_created_idx"),
            models.Index(fields=["action", "-created"], name="modaction_action_idx"),
            models.Index(
                fields=["target_type", "target_id", "-created"], name="modaction_target_idx"
            ),
            models.Index(fields=["moderator", "-created"], name="modaction_moderator_idx"),
        ]

    def __str__(self) -> str:
        who = self.moderator_name or "the site"
        return f"{who}: {self.get_action_display()} {self.target_text}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsReadOnly("The moderation log is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsReadOnly("The moderation log is never deleted from.")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """A message to a member on the site (the same words as the mail sent with it)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["member", "-created", "-id"], name="notice_member_created_idx"),
            models.Index(
                fields=["member"], condition=Q(read_at__isnull=True), name="notice_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"To {self.member}: {self.subject}"


class SuspensionQuerySet(models.QuerySet["Suspension"]):
    def in_force(self) -> "SuspensionQuerySet":
        """Suspensions running now: begun, not ended, not lifted."""
        now = timezone.now()
        return self.filter(starts__lte=now, ends__gt=now, lifted__isnull=True)


class Suspension(models.Model):
    """A member barred from posting (reviews, lists) until `ends`, unless lifted sooner."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    starts = models.DateTimeField(default=timezone.now, editable=False)
    ends = models.DateTimeField(help_text="When the member may post again (UTC).")
    reason = models.TextField(
        max_length=REASON_MAX_LENGTH, help_text="Told to the member, word for word."
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="suspension_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="suspension_reason_given"),
        ]
        indexes = [
            models.Index(fields=["member", "-ends"], name="suspension_member_ends_idx"),
            models.Index(fields=["-starts", "-id"], name="suspension_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} suspended until {self.ends:%Y-%m-%d %H:%M} UTC"
