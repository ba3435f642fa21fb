"""Where the IMDb importer's batches go: the same rows, two ways of writing them.

On PostgreSQL each batch is loaded with COPY into a temporary staging table (emptied at
commit) and merged into the catalog with one INSERT ... ON CONFLICT or UPDATE ... FROM
statement. Elsewhere (SQLite) batches are written with the ORM's multi-row upserts.
Either way the importer decides the rows (slugs, people, adoption) before they reach here.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from catalog.models import Credit, Film, Person

# The facts a title row gives; the importer compares them to know whether a film changed.
FILM_UPDATE_FIELDS = ["title", "original_title", "year", "runtime_minutes"]

# {tconst: (IMDb rating, votes)}
Ratings = dict[str, tuple[Decimal, int | None]]
# {(film id, person id, kind, character): billing order}
CreditRows = dict[tuple[int, int, str, str], int]
# (created, updated, {(film id, person id) of each credit created or reordered})
CreditChanges = tuple[int, int, set[tuple[int, int]]]


class OrmWriter:
    def upsert_films(self, films: list[Film]) -> None:
        """Insert or update `films` by tconst, each with the update stamp the importer gave."""
        Film.objects.bulk_create(
            films,
            update_conflicts=True,
            unique_fields=["tconst"],
            update_fields=[*FILM_UPDATE_FIELDS, "updated"],
        )

    def update_ratings(self, ratings: Ratings) -> int:
        """Set IMDb ratings by tconst: {tconst: (rating, votes)}; returns how many films."""
        films = list(Film.objects.filter(tconst__in=ratings))
        for film in films:
            film.imdb_rating, film.imdb_votes = ratings[film.tconst]
        Film.objects.bulk_create(
            films,
            update_conflicts=True,
            unique_fields=["tconst"],
            update_fields=["imdb_rating", "imdb_votes"],
        )
        return len(films)

    def upsert_credits(self, rows: CreditRows) -> CreditChanges:
        """{(film id, person id, kind, character): billing order}; see CreditChanges."""
        existing = {
            (film_id, person_id, kind, character): order
            for film_id, person_id, kind, character, order in Credit.objects.filter(
                film_id__in={key[0] for key in rows}
            ).values_list("film_id", "person_id", "kind", "character", "billing_order")
        }
        Credit.objects.bulk_create(
            [
                Credit(film_id=f, person_id=p, kind=k, character=c, billing_order=order)
                for (f, p, k, c), order in rows.items()
            ],
            update_conflicts=True,
            unique_fields=["film", "person", "kind", "character"],
            update_fields=["billing_order"],
        )
        changed = {key[:2] for key, order in rows.items() if existing.get(key) != order}
        return len(rows.keys() - existing.keys()), len(rows.keys() & existing.keys()), changed

    def update_people(self, people: list[Person]) -> None:
        Person.objects.bulk_create(
            people,
            update_conflicts=True,
            unique_fields=["nconst"],
            update_fields=["name", "slug", "birth_year", "death_year"],
        )


class PostgresCopyWriter:
    def _stage(
        self,
        cursor: CursorWrapper,
        table: str,
        columns: list[tuple[str, str]],
        rows: Iterable[tuple[Any, ...]],
    ) -> None:
        """COPY `rows` into a temporary staging table, emptied first.

        Emptied here, not only at commit: a caller's outer transaction (a test's, say) turns
        the batches' commits into savepoints, and an earlier batch's rows would still be there.
        """
        definition = ", ".join(f"{name} {kind}" for name, kind in columns)
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {table} ({definition}) ON COMMIT DELETE ROWS"
        )
        cursor.execute(f"TRUNCATE {table}")
        names = ", ".join(name for name, _ in columns)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def upsert_films(self, films: list[Film]) -> None:
        with connection.cursor() as cursor:
            self._stage(
                cursor,
                "import_films",
                [
                    ("tconst", "text"),
                    ("title", "text"),
                    ("original_title", "text"),
                    ("slug", "text"),
                    ("year", "integer"),
                    ("runtime_minutes", "integer"),
                    ("updated", "timestamptz"),
                ],
                (
                    (
                        f.tconst,
                        f.title,
                        f.original_title,
                        f.slug,
                        f.year,
                        f.runtime_minutes,
                        f.updated,
                    )
                    for f in films
                ),
            )
            # The update stamp is the importer's: moved only for films whose facts change.
            updates = ", ".join(
                f"{name} = EXCLUDED.{name}" for name in [*FILM_UPDATE_FIELDS, "updated"]
            )
            cursor.execute(
                f"""
                INSERT INTO {Film._meta.db_table} (
                    tconst, title, original_title, slug, year, runtime_minutes, certificate,
                    plot, poster, status, user_review_count, user_rating_count, created, updated
                )
                SELECT tconst, title, original_title, slug, year, runtime_minutes, '', '', '',
                       %s, 0, 0, now(), updated
                FROM import_films
                ON CONFLICT (tconst) DO UPDATE SET {updates}
                """,
                [Film.Status.PUBLISHED],
            )

    def update_ratings(self, ratings: Ratings) -> int:
        with connection.cursor() as cursor:
            self._stage(
                cursor,
                "import_ratings",
                [("tconst", "text"), ("rating", "numeric(3, 1)"), ("votes", "integer")],
                ((tconst, rating, votes) for tconst, (rating, votes) in ratings.items()),
            )
            cursor.execute(
                f"""
                UPDATE {Film._meta.db_table} AS film
                SET imdb_rating = staged.rating, imdb_votes = staged.votes
                FROM import_ratings AS staged
                WHERE film.tconst = staged.tconst
                """
            )
            return cursor.rowcount

    def upsert_credits(self, rows: CreditRows) -> CreditChanges:
        with connection.cursor() as cursor:
            self._stage(
                cursor,
                "import_credits",
                [
                    ("film_id", "bigint"),
                    ("person_id", "bigint"),
                    ("kind", "text"),
                    ("character", "text"),
                    ("billing_order", "integer"),
                ],
                ((*key, order) for key, order in rows.items()),
            )
            cursor.execute(
                f"""
                INSERT INTO {Credit._meta.db_table}
                    (film_id, person_id, kind, character, billing_order)
                SELECT film_id, person_id, kind, character, billing_order FROM import_credits
                ON CONFLICT (film_id, person_id, kind, character)
                DO UPDATE SET billing_order = EXCLUDED.billing_order
                WHERE {Credit._meta.db_table}.billing_order IS DISTINCT FROM EXCLUDED.billing_order
                RETURNING film_id, person_id, (xmax = 0) AS inserted
                """
            )
            # Rows left as they were are not returned: the rest of the batch met its credit.
            returned = cursor.fetchall()
        created = sum(1 for _, _, inserted in returned if inserted)
        changed = {(film_id, person_id) for film_id, person_id, _ in returned}
        return created, len(rows) - created, changed

    def update_people(self, people: list[Person]) -> None:
        with connection.cursor() as cursor:
            self._stage(
                cursor,
                "import_people",
                [
                    ("nconst", "text"),
                    ("name", "text"),
                    ("slug", "text"),
                    ("birth_year", "integer"),
                    ("death_year", "integer"),
                ],
                ((p.nconst, p.name, p.slug, p.birth_year, p.death_year) for p in people),
            )
            cursor.execute(
                f"""
                UPDATE {Person._meta.db_table} AS person
                SET name = staged.name, slug = staged.slug,
                    birth_year = staged.birth_year, death_year = staged.death_year
                FROM import_people AS staged
                WHERE person.nconst = staged.nconst
                """
            )


def writer_for_database() -> OrmWriter | PostgresCopyWriter:
    return PostgresCopyWriter() if connection.vendor == "postgresql" else OrmWriter()
