"""Everything tied to a member's account, for them to take away: as JSON, or as CSV files.

Each kind is one query whatever the member's number of rows, read with a server-side cursor
where the database has them, and streamed out as it is read. Only rows owned by the member
are read: every query filters on them.
"""

import io
import itertools
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet

from filmsite.library.history import write_csv
from filmsite.library.models import FilmListEntry, ListReport, WatchlistEntry
from filmsite.moderation.models import Notice, Suspension
from reviews.models import Appeal, HelpfulVote, Rating, Report, Review


@dataclass(frozen=True)
class Kind:
    """One kind of the member's rows: its columns, and the query reading them as tuples."""

    columns: tuple[str, ...]
    rows: Callable[[User], QuerySet]


def _profile(member: User) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(pk=member.pk)
        .values_list("username", "email", "address__pending_email", "date_joined", "last_login")
    )


def _ratings(member: User) -> QuerySet:
    return (
        Rating.objects.filter(member=member)
        .order_by("created", "pk")
        .values_list("film__slug", "film__title", "film__year", "score", "created", "updated")
    )


def _reviews(member: User) -> QuerySet:
    return (
        Review.objects.filter(author=member)
        .order_by("created", "pk")
        .values_list(
            "film__slug",
            "film__title",
            "rating",
            "headline",
            "body",
            "contains_spoilers",
            "is_hidden",
            "is_held",
            "created",
            "updated",
        )
    )


def _votes(member: User) -> QuerySet:
    return (
        HelpfulVote.objects.filter(voter=member)
        .order_by("created", "pk")
        .values_list("review_id", "review__film__slug", "is_helpful", "created", "updated")
    )


def _review_reports(member: User) -> QuerySet:
    return (
        Report.objects.filter(reporter=member)
        .order_by("created", "pk")
        .values_list("review_id", "review__film__slug", "reason", "note", "status", "created")
    )


def _list_reports(member: User) -> QuerySet:
    return (
        ListReport.objects.filter(reporter=member)
        .order_by("created", "pk")
        .values_list("film_list_id", "film_list__title", "reason", "note", "status", "created")
    )


def _watchlist(member: User) -> QuerySet:
    return (
        WatchlistEntry.objects.filter(member=member)
        .order_by("added", "pk")
        .values_list("film__slug", "film__title", "film__year", "added")
    )


def _lists(member: User) -> QuerySet:
    return member.film_lists.order_by("created", "pk").values_list(
        "pk", "title", "description", "is_public", "is_hidden", "created", "updated"
    )


def _list_entries(member: User) -> QuerySet:
    return (
        FilmListEntry.objects.filter(film_list__owner=member)
        .order_by("film_list", "position")
        .values_list("film_list_id", "position", "film__slug", "film__title", "note", "added")
    )


def _appeals(member: User) -> QuerySet:
    return (
        Appeal.objects.filter(review__author=member)
        .order_by("created", "pk")
        .values_list(
            "review_id", "review__film__slug", "text", "status", "created", "decided", "note"
        )
    )


def _notices(member: User) -> QuerySet:
    return (
        Notice.objects.filter(member=member)
        .order_by("created", "pk")
        .values_list("subject", "body", "created", "read_at")
    )


def _suspensions(member: User) -> QuerySet:
    return (
        Suspension.objects.filter(member=member)
        .order_by("starts", "pk")
        .values_list("starts", "ends", "lifted", "reason")
    )


KINDS: dict[str, Kind] = {
    "profile": Kind(("username", "email", "new_email_waiting", "joined", "last_login"), _profile),
    "ratings": Kind(("film", "title", "year", "score", "created", "updated"), _ratings),
    "reviews": Kind(
        (
            "film",
            "title",
            "rating",
            "headline",
            "body",
            "contains_spoilers",
            "hidden_by_a_moderator",
            "held_until_address_confirmed",
            "created",
            "updated",
        ),
        _reviews,
    ),
    "helpful_votes": Kind(("review", "film", "helpful", "created", "updated"), _votes),
    "review_reports": Kind(
        ("review", "film", "reason", "note", "status", "created"), _review_reports
    ),
    "list_reports": Kind(("list", "title", "reason", "note", "status", "created"), _list_reports),
    "watchlist": Kind(("film", "title", "year", "added"), _watchlist),
    "lists": Kind(
        ("list", "title", "description", "public", "hidden_by_a_moderator", "created", "updated"),
        _lists,
    ),
    "list_entries": Kind(("list", "position", "film", "title", "note", "added"), _list_entries),
    "appeals": Kind(
        ("review", "film", "text", "status", "created", "decided", "moderators_note"), _appeals
    ),
    "notices": Kind(("subject", "body", "created", "read"), _notices),
    "suspensions": Kind(("starts", "ends", "lifted", "reason"), _suspensions),
}

# Rows read per round trip from a server-side cursor.
CHUNK = 2_000


def _rows(member: User, kind: Kind) -> Iterator[tuple]:
    return kind.rows(member).iterator(chunk_size=CHUNK)


def as_json(member: User) -> Iterator[str]:
    """One JSON object, {kind: [row objects]}, in pieces: each row is written as it is read."""
    # Whole ISO 8601 times, microseconds kept (DjangoJSONEncoder would cut them to milliseconds).
    encoder = json.JSONEncoder(ensure_ascii=False, default=lambda value: value.isoformat())
    yield "{"
    for number, (name, kind) in enumerate(KINDS.items()):
        yield f"{',' if number else ''}\n{json.dumps(name)}: ["
        for index, row in enumerate(_rows(member, kind)):
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
        for name, kind in KINDS.items():
            with archive.open(f"{name}.csv", "w", force_zip64=True) as member_file:
                lines = write_csv(list(kind.columns), _csv_cells(_rows(member, kind)))
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
