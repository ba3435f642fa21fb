"""Writes to the catalog that carry a rule: publishing and unpublishing films.

File uploads have their own module, `catalog.media`, which model saves go through.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from filmsite.pagecache.versions import bump
from filmsite.stamps import touch

from .models import Credit, Film, Person


def publish(*, films: QuerySet[Film]) -> int:
    """Publish those of `films` that are drafts; return how many changed."""
    return _set_status(films=films, status=Film.Status.PUBLISHED)


def unpublish(*, films: QuerySet[Film]) -> int:
    """Return those of `films` that are published to draft; return how many changed."""
    return _set_status(films=films, status=Film.Status.DRAFT)


def _set_status(*, films: QuerySet[Film], status: Film.Status) -> int:
    with transaction.atomic():
        changing = films.exclude(status=status)
        # update() sends no signal. Bumped first, while `changing` still finds the films
        # (`films` may be filtered on the status this changes); the version is seen with them.
        if changing.exists():
            bump(changing)
        # Their people's pages list published films only: those pages change too.
        touch(Person, Credit.objects.filter(film__in=changing).values_list("person_id", flat=True))
        # The film's page appears or goes: its update stamp (filmsite.stamps) moves.
        return changing.update(status=status, updated=timezone.now())
