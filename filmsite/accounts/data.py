"""Everything tied to a member's account, for them to take away: as JSON, or as CSV files.

Each kind is one query whatever the member's number of rows, read with a server-side cursor
where the database has them, and streamed out as it is read. Only rows owned by the member
are read: every query filters on them.
"""

import io
import itertools
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import models

from filmsite.library.history import write_csv
from filmsite.library.models import FilmList, FilmListEntry, ListReport, WatchlistEntry
from filmsite.moderation.models import Notice, Suspension
from reviews.models import Appeal, HelpfulVote, Rating, Report, Review


@dataclass(frozen=True)
class Kind:
    """One kind of the member's rows: the model, the field holding the member's id (every
    query filters on it), the order, and each column with the field it is read from."""

    model: type[models.Model]
    member_id_field: str
    columns: dict[str, str]
    order: tuple[str, ...] = ("created", "pk")

    def rows(self, member: User) -> models.QuerySet:
        """The member's rows of this kind, as tuples in the order of `columns`."""
        return (
            self.model._default_manager.filter(**{self.member_id_field: member.pk})
            .order_by(*self.order)
            .values_list(*self.columns.values())
        )


# Each kind is one file of the CSV download and one key of the JSON one, in this order.
KINDS: dict[str, Kind] = {
    "profile": Kind(
        get_user_model(),
        "pk",
        {
            "username": "username",
            "email": "email",
            "new_email_waiting": "address__pending_email",
            "joined": "date_joined",
            "last_login": "last_login",
        },
        order=(),
    ),
    "ratings": Kind(
        Rating,
        "member_id",
        {
            "film": "film__slug",
            "title": "film__title",
            "year": "film__year",
            "score": "score",
            "created": "created",
            "updated": "updated",
        },
    ),
    "reviews": Kind(
        Review,
        "author_id",
        {
            "film": "film__slug",
            "title": "film__title",
            "rating": "rating",
            "headline": "headline",
            "body": "body",
            "contains_spoilers": "contains_spoilers",
            "hidden_by_a_moderator": "is_hidden",
            "held_until_address_confirmed": "is_held",
            "created": "created",
            "updated": "updated",
        },
    ),
    "helpful_votes": Kind(
        HelpfulVote,
        "voter_id",
        {
            "review": "review_id",
            "film": "review__film__slug",
            "helpful": "is_helpful",
            "created": "created",
            "updated": "updated",
        },
    ),
    "review_reports": Kind(
        Report,
        "reporter_id",
        {
            "review": "review_id",
            "film": "review__film__slug",
            "reason": "reason",
            "note": "note",
            "status": "status",
            "created": "created",
        },
    ),
    "list_reports": Kind(
        ListReport,
        "reporter_id",
        {
            "list": "film_list_id",
            "title": "film_list__title",
            "reason": "reason",
            "note": "note",
            "status": "status",
            "created": "created",
        },
    ),
    "watchlist": Kind(
        WatchlistEntry,
        "member_id",
        {"film": "film__slug", "title": "film__title", "year": "film__year", "added": "added"},
        order=("added", "pk"),
    ),
    "lists": Kind(
        FilmList,
        "owner_id",
        {
            "list": "pk",
            "title": "title",
            "description": "description",
            "public": "is_public",
            "hidden_by_a_moderator": "is_hidden",
            "created": "created",
            "updated": "updated",
        },
    ),
    "list_entries": Kind(
        FilmListEntry,
        "film_list__owner_id",
        {
            "list": "film_list_id",
            "position": "position",
            "film": "film__slug",
            "title": "film__title",
            "note": "note",
            "added": "added",
        },
        order=("film_list", "position"),
    ),
    "appeals": Kind(
        Appeal,
        "review__author_id",
        {
            "review": "review_id",
            "film": "review__film__slug",
            "text": "text",
            "status": "status",
            "created": "created",
            "decided": "decided",
            "moderators_note": "note",
        },
    ),
    "notices": Kind(
        Notice,
        "member_id",
        {"subject": "subject", "body": "body", "created": "created", "read": "read_at"},
    ),
    "suspensions": Kind(
        Suspension,
        "member_id",
        {"starts": "starts", "ends": "ends", "lifted": "lifted", "reason": "reason"},
        order=("starts", "pk"),
    ),
}

# Rows read per round trip from a server-side cursor.
CHUNK = 2_000


def _tables(member: User) -> Iterator[tuple[str, Kind, Iterator[tuple]]]:
    """Each kind's name, the kind, and the member's rows of it, read as they are taken."""
    for name, kind in KINDS.items():
        yield name, kind, kind.rows(member).iterator(chunk_size=CHUNK)


def as_json(member: User) -> Iterator[str]:
    """One JSON object, {kind: [row objects]}, in pieces: each row is written as it is read."""
    # Whole ISO 8601 times, microseconds kept (DjangoJSONEncoder would cut them to milliseconds).
    encoder = json.JSONEncoder(ensure_ascii=False, default=lambda value: value.isoformat())
    yield "{"
    for number, (name, kind, rows) in enumerate(_tables(member)):
        yield f"{',' if number else ''}\n{json.dumps(name)}: ["
        for index, row in enumerate(rows):
            text = encoder.encode(dict(zip(kind.columns, row, strict=True)))
            yield f"{',' if index else ''}\n  {text}"
        yield "]"
    yield "\n}\n"


class _Spout(io.RawIOBase):
    """A write-only stream whose bytes are taken away as they come: zipfile writes to it."""

    def __init__(self) -> None:
        self.pending = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.pending += data
        return len(data)

    def take(self) -> bytes:
        data = bytes(self.pending)
        self.pending.clear()
        return data


def as_csv_zip(member: User) -> Iterator[bytes]:
    """A zip holding one CSV file per kind, in pieces: compressed as rows are read.

    Cells that a spreadsheet would run as formulas are neutralised (`history.write_csv`).
    """
    spout = _Spout()
    with zipfile.ZipFile(spout, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, kind, rows in _tables(member):
            with archive.open(f"{name}.csv", "w", force_zip64=True) as member_file:
                lines = write_csv(list(kind.columns), _csv_cells(rows))
                for batch in itertools.batched(lines, 200, strict=False):
                    member_file.write("".join(batch).encode())
                    yield spout.take()
            yield spout.take()
    yield spout.take()


def _csv_cells(rows: Iterable[tuple]) -> Iterator[list[object]]:
    for row in rows:
        yield [_csv_cell(value) for value in row]


def _csv_cell(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
