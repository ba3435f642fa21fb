"""Merging duplicate films and people: one row stays, everything tied to the others moves to
it, and their addresses answer 301 to it, all in one transaction.

The catalog moves its own rows (credits, releases, trailers, genres, external ids, former
slugs). Apps that hold rows of films — reviews, ratings and votes; watchlists and lists — move
theirs on `film_merging`, sent inside the same transaction before the duplicate is deleted;
the catalog knows none of them.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal

from filmsite.pagecache.versions import bump

from .models import Credit, Film, FormerFilmSlug, FormerPersonSlug, Person, Release, Trailer

# Sent with `kept` and `duplicate` (films) while both rows exist, their rows locked.
film_merging = Signal()

# Facts a duplicate may know that the kept film lacks: taken over only where the kept is blank.
FILM_FACTS = ["original_title", "year", "certificate", "plot", "runtime_minutes"]
PERSON_FACTS = ["birth_year", "death_year"]


class MergeRefused(Exception):
    """A merge that cannot be made as asked; the message says why, for the editor."""


def merge_films(kept: Film, duplicates: Iterable[Film]) -> int:
    """Merge `duplicates` into `kept`; return how many were merged."""
    duplicate_ids = sorted({film.pk for film in duplicates} - {kept.pk})
    if not duplicate_ids:
        raise MergeRefused("Choose at least one other film to merge into the one kept.")
    with transaction.atomic():
        # One lock order for every writer of films' rows: by primary key.
        locked = Film.objects.select_for_update().filter(pk__in=[kept.pk, *duplicate_ids])
        films = {film.pk: film for film in locked.order_by("pk")}
        if len(films) != len(duplicate_ids) + 1:
            raise MergeRefused("One of the films was deleted meanwhile: nothing was merged.")
        kept = films[kept.pk]
        for duplicate_id in duplicate_ids:
            _merge_film(kept, films[duplicate_id])
        bump(Film.objects.filter(pk=kept.pk))
    return len(duplicate_ids)


def _merge_film(kept: Film, duplicate: Film) -> None:
    same_role = Credit.objects.filter(
        film=kept,
        person=OuterRef("person"),
        kind=OuterRef("kind"),
        character=OuterRef("character"),
    )
    Credit.objects.filter(film=duplicate).filter(Exists(same_role)).delete()
    Credit.objects.filter(film=duplicate).update(film=kept)

    same_country = Release.objects.filter(film=kept, country=OuterRef("country"))
    Release.objects.filter(film=duplicate).filter(Exists(same_country)).delete()
    if Release.objects.filter(film=kept, is_primary=True).exists():
        Release.objects.filter(film=duplicate).update(is_primary=False)
    Release.objects.filter(film=duplicate).update(film=kept)

    same_video = Trailer.objects.filter(
        film=kept, provider=OuterRef("provider"), video_id=OuterRef("video_id")
    ).exclude(video_id="")
    Trailer.objects.filter(film=duplicate).filter(Exists(same_video)).delete()
    Trailer.objects.filter(film=duplicate).update(film=kept)

    kept.genres.add(*duplicate.genres.all())
    film_merging.send(sender=Film, kept=kept, duplicate=duplicate)

    changed = [name for name in FILM_FACTS if _take_if_blank(kept, duplicate, name)]
    if not kept.tconst and duplicate.tconst:
        kept.tconst, duplicate.tconst = duplicate.tconst, None
        Film.objects.filter(pk=duplicate.pk).update(tconst=None)  # unique: freed first
        changed.append("tconst")
    if kept.imdb_votes is None or (duplicate.imdb_votes or 0) > kept.imdb_votes:
        kept.imdb_rating, kept.imdb_votes = duplicate.imdb_rating, duplicate.imdb_votes
        changed += ["imdb_rating", "imdb_votes"]
    if not kept.poster and duplicate.poster:
        changed += _take_file(
            kept, duplicate, "poster", ["poster_width", "poster_height", "poster_rendered"]
        )

    FormerFilmSlug.objects.filter(film=duplicate).update(film=kept)
    slug = duplicate.slug
    duplicate.delete()
    FormerFilmSlug.objects.update_or_create(slug=slug, defaults={"film": kept})
    if changed:
        kept.save(update_fields=[*changed, "updated"])


def merge_people(kept: Person, duplicates: Iterable[Person]) -> int:
    """Merge `duplicates` into `kept`; return how many were merged."""
    duplicate_ids = sorted({person.pk for person in duplicates} - {kept.pk})
    if not duplicate_ids:
        raise MergeRefused("Choose at least one other person to merge into the one kept.")
    with transaction.atomic():
        locked = Person.objects.select_for_update().filter(pk__in=[kept.pk, *duplicate_ids])
        people = {person.pk: person for person in locked.order_by("pk")}
        if len(people) != len(duplicate_ids) + 1:
            raise MergeRefused("One of the people was deleted meanwhile: nothing was merged.")
        kept = people[kept.pk]
        film_ids: set[int] = set()
        for duplicate_id in duplicate_ids:
            film_ids |= _merge_person(kept, people[duplicate_id])
        bump(Film.objects.filter(pk__in=film_ids))
    return len(duplicate_ids)


def _merge_person(kept: Person, duplicate: Person) -> set[int]:
    """Merge one person; return the ids of the films whose credits changed."""
    film_ids = set(Credit.objects.filter(person=duplicate).values_list("film_id", flat=True))
    same_role = Credit.objects.filter(
        person=kept,
        film=OuterRef("film"),
        kind=OuterRef("kind"),
        character=OuterRef("character"),
    )
    Credit.objects.filter(person=duplicate).filter(Exists(same_role)).delete()
    Credit.objects.filter(person=duplicate).update(person=kept)

    changed = [name for name in PERSON_FACTS if _take_if_blank(kept, duplicate, name)]
    if not kept.nconst and duplicate.nconst:
        kept.nconst = duplicate.nconst
        Person.objects.filter(pk=duplicate.pk).update(nconst=None)
        changed.append("nconst")
    if not kept.photo and duplicate.photo:
        changed += _take_file(
            kept, duplicate, "photo", ["photo_width", "photo_height", "photo_rendered"]
        )

    FormerPersonSlug.objects.filter(person=duplicate).update(person=kept)
    slug = duplicate.slug
    duplicate.delete()
    FormerPersonSlug.objects.update_or_create(slug=slug, defaults={"person": kept})
    if changed:
        kept.save(update_fields=changed)
    return film_ids


def _take_if_blank(kept: Film | Person, duplicate: Film | Person, name: str) -> bool:
    if getattr(kept, name) in (None, "") and getattr(duplicate, name) not in (None, ""):
        setattr(kept, name, getattr(duplicate, name))
        return True
    return False


def _take_file(
    kept: Film | Person, duplicate: Film | Person, name: str, dimensions: list[str]
) -> list[str]:
    """Hand the duplicate's upload to the kept row, so deleting the duplicate keeps the file."""
    setattr(kept, name, getattr(duplicate, name).name)
    for dimension in dimensions:
        setattr(kept, dimension, getattr(duplicate, dimension))
    type(duplicate).objects.filter(pk=duplicate.pk).update(**{name: ""})
    getattr(duplicate, name).name = ""
    return [name, *dimensions]
