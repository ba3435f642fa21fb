"""Page versions: the numbers cached pages are stored under, changed by every write they show.

The site's page stamp (`PageStamp`, one row) only grows. `bump()` increments it inside the
writer's transaction and gives the new value to the films the write touched, so a page's
version changes exactly when its data becomes visible, and a version is never handed out twice
whatever happens to the cache.

`bump()` locks the films it is given (in primary-key order), then the stamp's row, which
every writer of the site then waits on until it commits: call it last in a transaction, or
at least before any row lock but the films' (`reviews.services.vote`), so that every writer
takes film rows before the stamp and none waits holding it. Where many saves each bump (an
admin submission with its inlines and uploads), `deferred()` makes them one bump at the end.
"""

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import BigIntegerField, F, QuerySet, Value
from django.db.models.functions import Greatest
from django.http import HttpRequest

from .models import PageStamp

if TYPE_CHECKING:
    # Only for types: catalog imports this module, so it may not import catalog at run time.
    from catalog.models import Film

# The stamp's one row, created by migration 0002.
STAMP_ID = 1

# Films per statement when bumping a list of ids: well under SQLite's 32,766 parameters.
ID_BATCH = 2_000


@dataclass
class _Deferred:
    """The bumps made inside a `deferred()` block: whether any, and of which films."""

    made: bool = False
    film_ids: set[int] = field(default_factory=set)


# The innermost open `deferred()` block's bumps, if any is open.
_deferred: ContextVar[_Deferred | None] = ContextVar("deferred_bumps", default=None)


def bump(films: "QuerySet[Film] | None" = None) -> int:
    """Increment the site's page stamp and set `films`' `page_version` to it; return it.

    `films` is a queryset of `catalog.Film`, filtered, ordered or joined as the caller has
    it (None: the write shows on no film's own pages, only on site-wide ones such as a
    person's page).

    Inside `deferred()` the films are noted (as they are now) and 0 is returned: the
    version is made when the block ends.
    """
    if (pending := _deferred.get()) is not None:
        pending.made = True
        if films is not None:
            pending.film_ids.update(films.order_by().values_list("pk", flat=True))
        return 0
    if films is None:
        return _bump([])
    # By primary key, so a queryset with joins, DISTINCT or a slice-free ordering updates.
    return _bump([films.model._base_manager.filter(pk__in=films.order_by().values("pk"))])


def bump_film_ids(film_ids: Iterable[int]) -> int:
    """`bump()` for films given by id, however many: one new version, in batches of ids."""
    if (pending := _deferred.get()) is not None:
        pending.made = True
        pending.film_ids.update(film_ids)
        return 0
    from django.apps import apps

    film_model = apps.get_model("catalog", "Film")
    ids = sorted(set(film_ids))
    return _bump(
        [
            film_model._base_manager.filter(pk__in=ids[start : start + ID_BATCH])
            for start in range(0, len(ids), ID_BATCH)
        ]
    )


@contextmanager
def deferred() -> Iterator[None]:
    """Make the block's bumps one, when it ends without an error, in the same transaction.

    Call it inside the transaction the block's writes run in. The stamp's row is then locked
    only at the end, not while the rest of the block (storing uploads, say) runs.
    """
    pending = _Deferred()
    with transaction.atomic():
        token = _deferred.set(pending)
        try:
            yield
        finally:
            _deferred.reset(token)
        if pending.made:
            bump_film_ids(pending.film_ids)


def _bump(film_batches: "list[QuerySet[Film]]") -> int:
    with transaction.atomic():
        # The films' rows first, then the stamp's: every writer takes its locks in that
        # order (reviews.services locks films first too), so two cannot wait on each other.
        for films in film_batches:
            list(films.select_for_update().order_by("pk").values_list("pk", flat=True))
        # Never below the clock (in microseconds, as the stamp began): a database restored
        # from a backup goes on past every version handed out since, which the cache may hold.
        clock = Value(time.time_ns() // 1000, output_field=BigIntegerField())
        if not PageStamp.objects.filter(pk=STAMP_ID).update(value=Greatest(F("value") + 1, clock)):
            _recreate_stamp()
        value = PageStamp.objects.values_list("value", flat=True).get(pk=STAMP_ID)
        for films in film_batches:
            films.update(page_version=value)
    return value


def bump_film_pages(films: "QuerySet[Film]") -> None:
    """New versions for `films`' own pages only, leaving the site's (home, lists, people).

    For writes that show nowhere else, such as helpful votes: the site-wide pages stay in the
    cache. Each film's version grows past its last one and past the clock, so no version of
    a film comes back, even after a restore; the stamp's row is not taken.
    """
    if (pending := _deferred.get()) is not None:
        pending.made = True
        pending.film_ids.update(films.order_by().values_list("pk", flat=True))
        return
    clock = Value(time.time_ns() // 1000, output_field=BigIntegerField())
    with transaction.atomic():
        ids = films.model._base_manager.filter(pk__in=films.order_by().values("pk"))
        list(ids.select_for_update().order_by("pk").values_list("pk", flat=True))
        ids.update(page_version=Greatest(F("page_version") + 1, clock))


def site_version() -> int:
    """The stamp: the version of pages that show many films (home, lists, search, people).

    Read it before the data stored under it: data read afterwards is at least as new.
    """
    value = PageStamp.objects.filter(pk=STAMP_ID).values_list("value", flat=True).first()
    if value is None:
        return _recreate_stamp()
    return value


def request_site_version(request: HttpRequest) -> int:
    """`site_version()`, read once per request however many parts of the page key on it."""
    value: int | None = getattr(request, "_page_site_version", None)
    if value is None:
        value = site_version()
        setattr(request, "_page_site_version", value)  # noqa: B010
    return value


def _recreate_stamp() -> int:
    """Make the stamp's row again (a flushed test database lost it), from the clock.

    Microseconds since 1970 stay above any version handed out before, as the stamp never
    grew faster than one a microsecond.
    """
    PageStamp.objects.bulk_create(
        [PageStamp(pk=STAMP_ID, value=time.time_ns() // 1000)], ignore_conflicts=True
    )
    return PageStamp.objects.values_list("value", flat=True).get(pk=STAMP_ID)
