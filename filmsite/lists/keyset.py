"""Keyset (cursor) pagination: any page of a sorted list costs what the first page costs.

`OFFSET` makes the database walk past every row before a page, so page 500 of a film's reviews
costs 500 pages. A cursor instead names where a page ends (the last row's sort key and primary
key); the next page is the rows after it in the sort, an index range scan from that point,
whatever the depth. Pages neither skip nor repeat rows when rows are added or removed between
page loads. The price is page numbers: a keyset list offers first, previous and next.

A cursor is opaque to readers (URL-safe base64 of JSON) but not secret: forging one only moves
the reader within the list they may already see. A malformed one raises `InvalidCursor`.
"""

import base64
import binascii
import datetime
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression, F, Model, OrderBy, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.dateparse import parse_datetime

# The annotation that carries each row's sort key, for the cursor of the page's last row.
SORT_KEY = "keyset_sort_key"


class InvalidCursor(ValueError):
    """A cursor that this list did not make: malformed, or of another sort."""


def _datetime(text: str) -> datetime.datetime:
    """An aware datetime in UTC (as the rows hold them); naive or out of range: ValueError."""
    value = parse_datetime(text)
    if value is None or value.tzinfo is None:
        raise ValueError(text)
    return value.astimezone(datetime.UTC)  # OverflowError past year 1 or 9999


# How a sort key's value is written into a cursor and read back from one.
type Reader = Callable[[str], Any]
KEY_READERS: dict[type, Reader] = {int: int, float: float, datetime.datetime: _datetime}


@dataclass(frozen=True)
class Ordering:
    """A total order for keyset pages: a sort key, then the primary key, in one direction.

    `key` is a field name or an expression (for example `Coalesce("rating", 0)`); `key_type`
    is the Python type of its values. Both columns go the same way, so that "after this row"
    is one row comparison, `(key, pk) > (k, p)`, which a B-tree index on (…, key, pk) answers
    with a range scan.
    """

    key: str | Expression
    key_type: type
    descending: bool

    def key_expression(self) -> Expression | F:
        return F(self.key) if isinstance(self.key, str) else self.key

    def order_by(self) -> list[str | OrderBy]:
        """The `order_by()` arguments of this order, as the sort's index is built."""
        return [
            OrderBy(self.key_expression(), descending=self.descending),
            OrderBy(F("pk"), descending=self.descending),
        ]

    def reversed(self) -> "Ordering":
        return Ordering(self.key, self.key_type, not self.descending)

    def after(self, queryset: QuerySet[Any], position: tuple[Any, int]) -> QuerySet[Any]:
        """The rows of `queryset` that come after `position` (a sort key and a pk) in this order."""
        columns = Tuple(self.key_expression(), F("pk"))
        comparison = TupleLessThan if self.descending else TupleGreaterThan
        return queryset.filter(comparison(columns, position))

    def encode(self, row: Model) -> str:
        return _encoded(getattr(row, SORT_KEY), row.pk)

    def decode(self, cursor: str) -> tuple[Any, int]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            value, pk = json.loads(raw)
            if type(pk) is not int or isinstance(value, (list, dict, bool)) or value is None:
                raise InvalidCursor(cursor)
            key = KEY_READERS[self.key_type](str(value))
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, OverflowError):
            raise InvalidCursor(cursor) from None
        if not all(_storable(part) for part in (key, pk)):
            raise InvalidCursor(cursor)
        # One spelling per position (no padding, no characters base64 skips), so forged
        # variants of one page are refused rather than cached apart.
        if _encoded(key, pk) != cursor:
            raise InvalidCursor(cursor)
        return key, pk


def _encoded(key: Any, pk: int) -> str:
    if isinstance(key, datetime.datetime):
        key = key.astimezone(datetime.UTC).isoformat()
    text = json.dumps([key, pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _storable(value: Any) -> bool:
    """Whether a database column can hold `value`: a 64-bit integer, a finite float."""
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, float):
        return math.isfinite(value)
    return True


@dataclass(frozen=True)
class Page:
    """One keyset page: its rows, and the cursors of the pages around it (None at an end)."""

    items: Sequence[Model]
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool

    @property
    def has_other_pages(self) -> bool:
        return self.next_cursor is not None or self.previous_cursor is not None


def paginate(
    queryset: QuerySet[Any],
    ordering: Ordering,
    size: int,
    after: str | None = None,
    before: str | None = None,
) -> Page:
    """The page of `queryset` (in `ordering`) of `size` rows after or before a cursor.

    No cursor: the first page. `after`: the rows after the one the cursor names (the next
    page). `before`: the rows just before it (the previous page). One query: a page reads
    `size + 1` rows, the extra one telling whether another page follows.
    """
    if after and before:
        raise InvalidCursor("a page is after a cursor or before one, not both")
    rows = queryset.annotate(**{SORT_KEY: ordering.key_expression()})
    if before:
        backwards = ordering.reversed()
        found = list(
            backwards.after(rows, ordering.decode(before)).order_by(*backwards.order_by())[
                : size + 1
            ]
        )
        if len(found) <= size:  # reached the start: show the first page whole
            return paginate(queryset, ordering, size)
        items = found[:size][::-1]
        return Page(items, ordering.encode(items[-1]), ordering.encode(items[0]), False)
    if after:
        rows = ordering.after(rows, ordering.decode(after))
    found = list(rows.order_by(*ordering.order_by())[: size + 1])
    items = found[:size]
    has_next = len(found) > size
    return Page(
        items,
        ordering.encode(items[-1]) if has_next else None,
        ordering.encode(items[0]) if after and items else None,
        not after,
    )
