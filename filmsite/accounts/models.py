"""Where a member's email address stands: confirmed or not, and a new one waiting for its link.

A member made by signing up has a row from the start, unconfirmed until they follow the link
mailed to them; members from before addresses were confirmed were given confirmed rows by
migration 0001. Accounts made by staff (the admin, `createsuperuser`) have none and count as
confirmed: staff vouched for them.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Q


class MemberAddress(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="address",
    )
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the member's address was last confirmed; empty until it first is. "
        "Every confirmation spends the links mailed before it.",
    )
    pending_email = models.EmailField(
        blank=True,
        help_text="A new address waiting for its link; the member's address stays until then.",
    )

    class Meta:
        verbose_name_plural = "member addresses"
        constraints = [
            # A new address replaces a confirmed one only: an unconfirmed member confirms
            # (or corrects, at sign-up's address) the one they have.
            models.CheckConstraint(
                condition=Q(pending_email="") | Q(confirmed_at__isnull=False),
                name="memberaddress_pending_only_once_confirmed",
            ),
        ]

    def __str__(self) -> str:
        state = "confirmed" if self.confirmed_at else "unconfirmed"
        return f"{self.member}'s address ({state})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


def holds_reviews(member: User) -> bool:
    """Whether `member`'s new reviews are held: they signed up and have not confirmed yet."""
    return MemberAddress.objects.filter(member=member, confirmed_at__isnull=True).exists()
