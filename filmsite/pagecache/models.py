"""The site's page stamp: a counter that only grows, so a page version never repeats."""

from django.db import models


class PageStamp(models.Model):
    """The one row whose `value` every write that changes a cached page increments.

    Kept in the database rather than the cache: a flushed or evicting cache must never hand
    out a version a stale page was stored under.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="pagestamp_not_negative")
        ]

    def __str__(self) -> str:
        return f"Page stamp {self.value}"
