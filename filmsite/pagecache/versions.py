"""Page versions: the numbers cached pages are stored under, changed by every write they show.

The site's page stamp (`PageStamp`, one row) only grows. `bump()` increments it inside the
writer's transaction and gives the new value to the films the write touched, so a page's
version changes exactly when its data becomes visible, and a version is never handed out twice
whatever happens to the cache.

Call `bump()` last in a transaction: it locks the films it is given (in primary-key order),
then the stamp's row, which every writer of the site shares until it commits.
"""

import time
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, QuerySet

from .models import PageStamp

if TYPE_CHECKING:
    # Only for types: catalog imports this module, so it may not import catalog at run time.
    from catalog.models import Film

# The stamp's one row, created by migration 0002.
STAMP_ID = 1


def bump(films: "QuerySet[Film] | None" = None) -> int:
    """Increment the site's page stamp and set `films`' `page_version` to it; return it.

    `films` is a queryset of `catalog.Film` (None: the write shows on no film's own pages,
    only on site-wide ones such as a person's page).
    """
    with transaction.atomic():
        if films is not None:
            # The films' rows first, then the stamp: every writer takes the locks in that
            # order, so two cannot wait on each other.
            list(films.select_for_update().order_by("pk").values_list("pk", flat=True))
        if not PageStamp.objects.filter(pk=STAMP_ID).update(value=F("value") + 1):
            _recreate_stamp()
        value = PageStamp.objects.values_list("value", flat=True).get(pk=STAMP_ID)
        if films is not None:
            films.order_by().update(page_version=value)
    return value


def site_version() -> int:
    """The stamp: the version of pages that show many films (home, lists, search, people)."""
    value = PageStamp.objects.filter(pk=STAMP_ID).values_list("value", flat=True).first()
    if value is None:
        return _recreate_stamp()
    return value


def _recreate_stamp() -> int:
    """Make the stamp's row again (a test database flushed it) from the clock.

    Microseconds since 1970 stay above any version handed out before, as the stamp never
    grew faster than one a microsecond.
    """
    PageStamp.objects.bulk_create(
        [PageStamp(pk=STAMP_ID, value=time.time_ns() // 1000)], ignore_conflicts=True
    )
    return PageStamp.objects.values_list("value", flat=True).get(pk=STAMP_ID)
