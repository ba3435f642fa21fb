"""Update stamps: when a row last changed something its public page shows.

Sitemaps give them as `lastmod`, and feeds as an entry's update time, so a crawler comes back
when a page changed and not otherwise. `auto_now` would move the stamp on every save, even
one that changes nothing (an admin form saved as it was, an import of the same files); a
model with `UpdateStampMixin` instead compares the fields its page shows with those it was
loaded with, and moves `updated` only when one differs. Writes that bypass `save()` (updates,
bulk imports) call `touch()` for the rows they changed.
"""

from collections.abc import Iterable
from typing import Any, ClassVar, Self

from django.db import models
from django.utils import timezone

# Rows per UPDATE when touching a list of ids: well under SQLite's 32,766 parameters.
ID_BATCH = 2_000


class UpdateStampMixin(models.Model):
    """A model whose `updated` field moves when, and only when, one of `shown_fields` changes.

    The model declares `updated` itself (a DateTimeField with `default=timezone.now`).
    """

    shown_fields: ClassVar[tuple[str, ...]] = ()
    # Whether the last save moved the stamp, for receivers that stamp pages showing this row.
    stamp_moved: bool = False
    # The shown fields' values as last loaded or saved; a field loaded later (deferred) is
    # missing, and counts as changed when saved.
    _shown_values: dict[str, Any]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        self.stamp_moved = self._state.adding or bool(self._changed_shown_fields(update_fields))
        if self.stamp_moved:
            self.updated = timezone.now()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "updated"}
        super().save(*args, **kwargs)
        self._remember_shown_values()

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> Self:
        instance = super().from_db(*args, **kwargs)
        instance._remember_shown_values()
        return instance

    def _shown_value(self, name: str) -> Any:
        value = getattr(self, name)
        # A file field compares by its stored name.
        return value.name if isinstance(value, models.fields.files.FieldFile) else value

    def _remember_shown_values(self) -> None:
        deferred = self.get_deferred_fields()
        self._shown_values = {
            name: self._shown_value(name) for name in self.shown_fields if name not in deferred
        }

    def _changed_shown_fields(self, update_fields: Iterable[str] | None) -> set[str]:
        saved = set(self.shown_fields if update_fields is None else update_fields)
        remembered = getattr(self, "_shown_values", {})
        return {
            name
            for name in saved & set(self.shown_fields)
            if name not in remembered or remembered[name] != self._shown_value(name)
        }


def touch(model: type[models.Model], ids: Iterable[int]) -> None:
    """Move the update stamp of `model`'s rows with these primary keys to now."""
    now = timezone.now()
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), ID_BATCH):
        model._base_manager.filter(pk__in=ordered[start : start + ID_BATCH]).update(updated=now)
