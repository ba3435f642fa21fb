"""Merging duplicate films and people: one row stays, everything tied to the others moves to
it, and their addresses answer 301 to it, all in one transaction.

The catalog moves its own rows (credits, releases, trailers, genres, other titles, external
ids, former slugs). Apps that hold rows of films — reviews, ratings and votes; watchlists and
lists — move theirs on `film_merging`, sent inside the same transaction before the duplicate
is deleted; the catalog knows none of them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Exists, F, Max, OuterRef
from django.dispatch import Signal

from filmsite.pagecache.versions import bump

from .models import (
    AlternativeTitle,
    Credit,
    Film,
    FormerFilmSlug,
    FormerPersonSlug,
    MergedFilmId,
    MergedPersonId,
    Person,
    Release,
    Trailer,
)

# Sent with `kept` and `duplicate` (films) while both rows exist, their rows locked.
film_merging = Signal()


class MergeRefused(Exception):
    """A merge that cannot be made as asked; the message says why, for the editor."""


@dataclass(frozen=True)
class Merging:
    """What merging rows of one model needs to know of it; `_merge` takes the steps."""

    model: type[Film] | type[Person]
    name: str  # as foreign keys to it and editors call it
    plural: str
    former_slugs: type[FormerFilmSlug] | type[FormerPersonSlug]
    # Facts a duplicate may know that the kept row lacks: taken over only where it is blank.
    facts: tuple[str, ...]
    external_id: str  # unique, so freed on the duplicate before the kept row takes it
    # Where a duplicate's external id is kept when the kept row has its own.
    merged_ids: type[MergedFilmId] | type[MergedPersonId]
    upload: str
    upload_dimensions: tuple[str, ...]
    # Moves the duplicate's own rows (credits and the like) to the kept row.
    move_rows: Callable[[Any, Any], None]
    # The films whose pages the merge changes, read before the rows move.
    films_shown: Callable[[Any, Any], set[int]]
    # Facts taken by a rule of their own; the names of the fields it changed.
    take_more: Callable[[Any, Any], list[str]] = lambda kept, duplicate: []


def merge_films(kept: Film, duplicates: Iterable[Film]) -> int:
    """Merge `duplicates` into `kept`; return how many were merged."""
    return _merge(FILMS, kept, duplicates)


def merge_people(kept: Person, duplicates: Iterable[Person]) -> int:
    """Merge `duplicates` into `kept`; return how many were merged."""
    return _merge(PEOPLE, kept, duplicates)


def _merge(merging: Merging, kept: Any, duplicates: Iterable[Any]) -> int:
    duplicate_ids = sorted({row.pk for row in duplicates} - {kept.pk})
    if not duplicate_ids:
        raise MergeRefused(f"Choose at least one other {merging.name} to merge into the one kept.")
    with transaction.atomic():
        # One lock order for every writer of these rows: by primary key.
        locked = merging.model.objects.select_for_update().filter(pk__in=[kept.pk, *duplicate_ids])
        rows = {row.pk: row for row in locked.order_by("pk")}
        if len(rows) != len(duplicate_ids) + 1:
            raise MergeRefused(
                f"One of the {merging.plural} was deleted meanwhile: nothing was merged."
            )
        kept = rows[kept.pk]
        film_ids: set[int] = set()
        for duplicate_id in duplicate_ids:
            film_ids |= _merge_one(merging, kept, rows[duplicate_id])
        bump(Film.objects.filter(pk__in=film_ids))
    return len(duplicate_ids)


def _merge_one(merging: Merging, kept: Any, duplicate: Any) -> set[int]:
    """Merge one duplicate; return the ids of the films whose pages changed."""
    film_ids = merging.films_shown(kept, duplicate)
    merging.move_rows(kept, duplicate)

    changed = [name for name in merging.facts if _take_if_blank(kept, duplicate, name)]
    external_id = merging.external_id
    theirs = getattr(duplicate, external_id)
    if not getattr(kept, external_id) and theirs:
        setattr(kept, external_id, theirs)
        setattr(duplicate, external_id, None)
        merging.model.objects.filter(pk=duplicate.pk).update(**{external_id: None})
        changed.append(external_id)
    elif theirs:
        # An id merged away before and given to this duplicate since follows this merge.
        merging.merged_ids.objects.update_or_create(imdb_id=theirs, defaults={merging.name: kept})
    _move_rows(merging.merged_ids, merging.name, kept, duplicate)
    changed += merging.take_more(kept, duplicate)
    if not getattr(kept, merging.upload) and getattr(duplicate, merging.upload):
        changed += _take_file(kept, duplicate, merging.upload, merging.upload_dimensions)

    _move_rows(merging.former_slugs, merging.name, kept, duplicate)
    slug = duplicate.slug
    duplicate.delete()
    merging.former_slugs.objects.update_or_create(slug=slug, defaults={merging.name: kept})
    if changed:
        # UpdateStampMixin moves `updated` too when a field the pages show changed.
        kept.save(update_fields=changed)
    return film_ids


def _move_rows(
    model: type[models.Model],
    owner: str,
    kept: Any,
    duplicate: Any,
    *,
    same: Iterable[str] = (),
    comparable: models.QuerySet | None = None,
) -> None:
    """Give the duplicate's rows of `model` to the kept row, first deleting those the kept row
    has already: the same values in `same`, among the kept row's `comparable` rows."""
    theirs = model._default_manager.filter(**{owner: duplicate})
    if same:
        comparable = model._default_manager.all() if comparable is None else comparable
        ours = comparable.filter(**{owner: kept}, **{name: OuterRef(name) for name in same})
        theirs.filter(Exists(ours)).delete()
    theirs.update(**{owner: kept})


def _move_film_rows(kept: Film, duplicate: Film) -> None:
    _move_rows(Credit, "film", kept, duplicate, same=["person", "kind", "character"])

    if Release.objects.filter(film=kept, is_primary=True).exists():
        Release.objects.filter(film=duplicate).update(is_primary=False)
    _move_rows(Release, "film", kept, duplicate, same=["country"])

    # Uploaded trailers have no video id: no two are the same.
    with_video_id = Trailer.objects.exclude(video_id="")
    _move_rows(
        Trailer, "film", kept, duplicate, same=["provider", "video_id"], comparable=with_video_id
    )

    kept.genres.add(*duplicate.genres.all())
    _move_alternative_titles(kept, duplicate)
    film_merging.send(sender=Film, kept=kept, duplicate=duplicate)


def _move_alternative_titles(kept: Film, duplicate: Film) -> None:
    """The duplicate's other titles, after the kept film's (each film numbers its own from 1);
    a title the kept film has already in that country goes."""
    # Past both films' numbers: the unique order is checked row by row within the UPDATE.
    both = AlternativeTitle.objects.filter(film__in=[kept, duplicate])
    highest = both.aggregate(highest=Max("ordering"))["highest"] or 0
    AlternativeTitle.objects.filter(film=duplicate).update(ordering=F("ordering") + highest)
    _move_rows(AlternativeTitle, "film", kept, duplicate, same=["title", "region"])


def _take_imdb_rating(kept: Film, duplicate: Film) -> list[str]:
    """The rating with more votes behind it."""
    if kept.imdb_votes is None or (duplicate.imdb_votes or 0) > kept.imdb_votes:
        kept.imdb_rating, kept.imdb_votes = duplicate.imdb_rating, duplicate.imdb_votes
        return ["imdb_rating", "imdb_votes"]
    return []


def _move_person_rows(kept: Person, duplicate: Person) -> None:
    _move_rows(Credit, "person", kept, duplicate, same=["film", "kind", "character"])


def _credited_films(kept: Person, duplicate: Person) -> set[int]:
    return set(Credit.objects.filter(person=duplicate).values_list("film_id", flat=True))


FILMS = Merging(
    model=Film,
    name="film",
    plural="films",
    former_slugs=FormerFilmSlug,
    facts=("original_title", "year", "certificate", "plot", "runtime_minutes"),
    external_id="tconst",
    merged_ids=MergedFilmId,
    upload="poster",
    upload_dimensions=("poster_width", "poster_height", "poster_rendered"),
    move_rows=_move_film_rows,
    films_shown=lambda kept, duplicate: {kept.pk},
    take_more=_take_imdb_rating,
)
PEOPLE = Merging(
    model=Person,
    name="person",
    plural="people",
    former_slugs=FormerPersonSlug,
    facts=("birth_year", "death_year"),
    external_id="nconst",
    merged_ids=MergedPersonId,
    upload="photo",
    upload_dimensions=("photo_width", "photo_height", "photo_rendered"),
    move_rows=_move_person_rows,
    films_shown=_credited_films,
)


def _take_if_blank(kept: Any, duplicate: Any, name: str) -> bool:
    if getattr(kept, name) in (None, "") and getattr(duplicate, name) not in (None, ""):
        setattr(kept, name, getattr(duplicate, name))
        return True
    return False


def _take_file(kept: Any, duplicate: Any, name: str, dimensions: Iterable[str]) -> list[str]:
    """Hand the duplicate's upload to the kept row, so deleting the duplicate keeps the file."""
    setattr(kept, name, getattr(duplicate, name).name)
    for dimension in dimensions:
        setattr(kept, dimension, getattr(duplicate, dimension))
    type(duplicate).objects.filter(pk=duplicate.pk).update(**{name: ""})
    getattr(duplicate, name).name = ""
    return [name, *dimensions]
