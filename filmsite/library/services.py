"""Every write to watchlists and lists, each in a transaction, for views and importers alike.

Writers of one list lock its row first, so two tabs adding or reordering at once queue
instead of reading the same last position. Positions are rewritten in two steps: first moved
past every position in use, then set, so no row ever takes a position another still holds.
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Q, QuerySet, Value, When
from django.utils import timezone

from catalog.models import Film
from filmsite.moderation import services as moderation
from filmsite.openweb.addresses import absolute_url
from filmsite.pagecache.versions import bump
from reviews.graphemes import GRAPHEME

from .models import (
    MAX_ENTRIES,
    NOTE_MAX_LENGTH,
    FilmList,
    FilmListEntry,
    ListReport,
    WatchlistEntry,
)


class AlreadyInList(Exception):
    """The film is in the list already; `entry` is where."""

    def __init__(self, entry: FilmListEntry):
        super().__init__(f"{entry.film} is already in {entry.film_list}")
        self.entry = entry


class ListFull(Exception):
    """The list holds MAX_ENTRIES films already."""


class Gone(Exception):
    """The list or entry was deleted (in another tab, say) while it was being changed."""


class StaleOrder(Exception):
    """A new order that does not name exactly the list's entries: it changed meanwhile."""


def add_to_watchlist(*, member: User, film: Film, added: datetime | None = None) -> WatchlistEntry:
    """Put `film` on `member`'s watchlist; a film already there keeps its entry and date."""
    defaults = {"added": added} if added is not None else {}
    entry, _ = WatchlistEntry.objects.get_or_create(member=member, film=film, defaults=defaults)
    return entry


def add_many_to_watchlist(*, member: User, added: dict[int, datetime | None]) -> None:
    """Put many films (film id → date added, or None for now) on `member`'s watchlist at once.

    For imports; films already there keep their entries and dates.
    """
    now = timezone.now()
    WatchlistEntry.objects.bulk_create(
        [
            WatchlistEntry(member=member, film_id=film_id, added=day or now)
            for film_id, day in added.items()
        ],
        batch_size=2_000,
        ignore_conflicts=True,
    )


def remove_from_watchlist(*, member: User, film: Film) -> bool:
    """Take `film` off `member`'s watchlist; whether it was there."""
    deleted, _ = WatchlistEntry.objects.filter(member=member, film=film).delete()
    return deleted > 0


def create_list(
    *, owner: User, title: str, description: str = "", is_public: bool = True
) -> FilmList:
    """Make a list; raises PostingSuspended, writing nothing, if the owner is suspended."""
    moderation.refuse_if_suspended(owner.pk)
    return FilmList.objects.create(
        owner=owner, title=title, description=description, is_public=is_public
    )


def update_list(*, film_list: FilmList, title: str, description: str, is_public: bool) -> FilmList:
    """Change a list's words and visibility; raises Gone if it was deleted meanwhile, or
    PostingSuspended if its owner is suspended from posting."""
    moderation.refuse_if_suspended(film_list.owner_id)
    try:
        with transaction.atomic():
            _lock_list(film_list.pk)
            film_list.title = title
            film_list.description = description
            film_list.is_public = is_public
            film_list.save(update_fields=["title", "description", "is_public", "updated"])
            _bump_films_of([film_list.pk])
    except FilmList.DoesNotExist:
        raise Gone(f"list {film_list.pk} was deleted") from None
    return film_list


def delete_list(*, film_list: FilmList) -> None:
    with transaction.atomic():
        # Locked first, as every writer of the list does, before `signals` bumps its films.
        list(FilmList.objects.select_for_update().filter(pk=film_list.pk).values_list("pk"))
        film_list.delete()


def _lock_list(film_list_id: int) -> FilmList:
    return FilmList.objects.select_for_update().get(pk=film_list_id)


def _bump_films_of(film_lists: QuerySet[FilmList] | list[int], *also: int) -> None:
    """New page versions for the films in `film_lists` (and the films `also`): a film's page
    names the public lists it is in, most recently changed first."""
    in_lists = Q(film_list_entries__film_list__in=film_lists)
    bump(Film.objects.filter(in_lists | Q(pk__in=also)))


def _touch(film_list_id: int) -> None:
    """Mark the list as changed now (profiles show recently changed lists first)."""
    FilmList.objects.filter(pk=film_list_id).update(updated=timezone.now())


def add_to_list(*, film_list: FilmList, film: Film, note: str = "") -> FilmListEntry:
    """Append `film` to `film_list`; raises AlreadyInList, ListFull or PostingSuspended."""
    moderation.refuse_if_suspended(film_list.owner_id)
    try:
        with transaction.atomic():
            _lock_list(film_list.pk)
            entries = FilmListEntry.objects.filter(film_list=film_list)
            if entries.count() >= MAX_ENTRIES:
                raise ListFull(f"A list holds at most {MAX_ENTRIES} films.")
            last = entries.aggregate(last=Max("position"))["last"] or 0
            entry = FilmListEntry.objects.create(
                film_list=film_list, film=film, position=last + 1, note=note
            )
            _touch(film_list.pk)
            _bump_films_of([film_list.pk])
    except IntegrityError:
        existing = FilmListEntry.objects.filter(film_list=film_list, film=film).first()
        if existing is None:
            raise
        raise AlreadyInList(existing) from None
    return entry


def remove_entry(*, entry: FilmListEntry) -> None:
    """Take an entry out of its list; the entries after it move up one place."""
    with transaction.atomic():
        _lock_list(entry.film_list_id)
        FilmListEntry.objects.filter(pk=entry.pk).delete()
        remaining = FilmListEntry.objects.filter(film_list_id=entry.film_list_id)
        _place(entry.film_list_id, remaining.order_by("position").values_list("pk", flat=True))
        _touch(entry.film_list_id)
        _bump_films_of([entry.film_list_id], entry.film_id)


def set_note(*, entry: FilmListEntry, note: str) -> FilmListEntry:
    """Change an entry's note; raises Gone if it (or its list) was deleted meanwhile.

    The list is locked first, as every other write to it does, so a removal running at the
    same time waits instead of deadlocking. Raises PostingSuspended if the owner may not post.
    """
    moderation.refuse_if_suspended(entry.film_list.owner_id)
    try:
        with transaction.atomic():
            _lock_list(entry.film_list_id)
            entry.note = note
            entry.save(update_fields=["note"])
            _touch(entry.film_list_id)
            _bump_films_of([entry.film_list_id])
    except (FilmList.DoesNotExist, FilmListEntry.NotUpdated):
        raise Gone(f"entry {entry.pk} was removed") from None
    return entry


def move_entry(*, entry: FilmListEntry, direction: str) -> None:
    """Swap an entry with its neighbour before ("up") or after ("down"); at an end, nothing.

    Raises PostingSuspended if the owner may not post: a new order changes what the list says.
    """
    moderation.refuse_if_suspended(entry.film_list.owner_id)
    with transaction.atomic():
        _lock_list(entry.film_list_id)
        order = list(
            FilmListEntry.objects.filter(film_list_id=entry.film_list_id)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        if entry.pk not in order:
            return
        here = order.index(entry.pk)
        there = here - 1 if direction == "up" else here + 1
        if not 0 <= there < len(order):
            return
        order[here], order[there] = order[there], order[here]
        _place(entry.film_list_id, order)
        _touch(entry.film_list_id)
        _bump_films_of([entry.film_list_id])


def reorder(*, film_list: FilmList, entry_ids: Iterable[int]) -> None:
    """Put the list's entries in the order of `entry_ids`, which must name each exactly once.

    Raises StaleOrder otherwise: the list changed since the order was read (another tab added
    or removed a film), and placing only some entries would shuffle the rest. Raises
    PostingSuspended if the owner may not post.
    """
    moderation.refuse_if_suspended(film_list.owner_id)
    entry_ids = list(entry_ids)
    with transaction.atomic():
        _lock_list(film_list.pk)
        current = set(
            FilmListEntry.objects.filter(film_list=film_list).values_list("pk", flat=True)
        )
        if len(entry_ids) != len(current) or set(entry_ids) != current:
            raise StaleOrder("The list has changed since this order was read.")
        _place(film_list.pk, entry_ids)
        _touch(film_list.pk)
        _bump_films_of([film_list.pk])


def move_to_merged_film(*, kept: Film, duplicate: Film) -> None:
    """Move `duplicate`'s watchlist and list entries to `kept`. A watchlist or list that holds
    both keeps its entry for `kept`, with the owner's note on either (both, when they
    differ); such a list closes the gap the other leaves.

    Called by `catalog.merging` inside its transaction, both films' rows locked.
    """
    has_kept = WatchlistEntry.objects.filter(film=kept).values("member")
    WatchlistEntry.objects.filter(film=duplicate, member__in=has_kept).delete()
    WatchlistEntry.objects.filter(film=duplicate).update(film=kept)
    lists_with_kept = FilmListEntry.objects.filter(film=kept).values("film_list")
    doubled = FilmListEntry.objects.filter(film=duplicate, film_list__in=lists_with_kept)
    _keep_notes(kept, doubled.exclude(note=""))
    closing = sorted(set(doubled.values_list("film_list_id", flat=True)))
    doubled.delete()
    FilmListEntry.objects.filter(film=duplicate).update(film=kept)
    for film_list_id in closing:
        entries = FilmListEntry.objects.filter(film_list_id=film_list_id).order_by("position")
        _place(film_list_id, entries.values_list("pk", flat=True))


def _keep_notes(kept: Film, going: QuerySet[FilmListEntry]) -> None:
    """Add the notes of the entries `going` (a duplicate film's, in lists that hold `kept`
    too) to the lists' entries for `kept`: a note both have is kept once, two notes are
    joined (even when one holds the other's words: "ok" is not "looks broken"), cut with "…"
    at the notes' length; the kept entry's own note is never cut."""
    notes = dict(going.values_list("film_list_id", "note"))
    entries = FilmListEntry.objects.filter(film=kept, film_list_id__in=notes)
    for entry in entries.select_for_update():
        theirs = notes[entry.film_list_id]
        # A full note has no room for a letter of theirs: cut, it would lose its own last one.
        if theirs == entry.note or len(entry.note) >= NOTE_MAX_LENGTH:
            continue
        entry.note = _cut(f"{entry.note} {theirs}" if entry.note else theirs, NOTE_MAX_LENGTH)
        entry.save(update_fields=["note"])


def _cut(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else cut between two grapheme clusters (never
    inside a letter with its accents or a flag) and ended with "…", within `limit`."""
    if len(text) <= limit:
        return text
    end = 0
    for cluster in GRAPHEME.finditer(text):
        if cluster.end() > limit - 1:
            break
        end = cluster.end()
    return text[:end].rstrip() + "…"


def _place(film_list_id: int, entry_ids: Iterable[int]) -> None:
    """Number the list's entries 1, 2, 3... in the order of `entry_ids`, all of them.

    Called with the list's row locked. The unique positions are checked row by row within an
    UPDATE, so the entries first move past every position in use, then to their new ones.
    """
    entry_ids = list(entry_ids)
    if not entry_ids:
        return
    entries = FilmListEntry.objects.filter(film_list_id=film_list_id)
    highest = entries.aggregate(highest=Max("position"))["highest"] or 0
    entries.update(position=F("position") + highest + len(entry_ids))
    entries.update(
        position=Case(
            *(When(pk=pk, then=Value(number)) for number, pk in enumerate(entry_ids, start=1))
        )
    )


def report_list(
    *, film_list: FilmList, reporter: User | AnonymousUser, reason: str, note: str = ""
) -> ListReport:
    member = reporter if isinstance(reporter, User) else None
    return ListReport.objects.create(film_list=film_list, reporter=member, reason=reason, note=note)


def set_hidden(
    film_lists: QuerySet[FilmList], hidden: bool, *, moderator: User | None = None, reason: str = ""
) -> int:
    """Hide or reinstate lists (a moderator's action); hiding upholds their open reports.

    Each list changed and each report upheld is logged, and each changed list's owner told.
    """
    with transaction.atomic():
        # Locked in id order first, as every writer of a list does: two moderators acting
        # at once change (and log, and tell) once.
        list(film_lists.order_by("pk").select_for_update(of=("self",)).values_list("pk"))
        changing = film_lists.exclude(is_hidden=hidden)
        changed = list(changing.select_related("owner").order_by("pk"))
        # Bumped first, while `changing` still finds the lists (as catalog.services does).
        if changed:
            _bump_films_of(changing)
        changing.update(is_hidden=hidden)
        action = moderation.Action.HIDE if hidden else moderation.Action.REINSTATE
        moderation.record(action=action, targets=changed, moderator=moderator, reason=reason)
        report_reasons: dict[int, list[str]] = {}
        if hidden:
            upheld = list(
                ListReport.objects.filter(film_list__in=film_lists, status=ListReport.Status.OPEN)
                .select_related("film_list__owner")
                .order_by("pk")
            )
            moderation.record(
                action=moderation.Action.UPHOLD_REPORT, targets=upheld, moderator=moderator
            )
            ListReport.objects.filter(pk__in=[report.pk for report in upheld]).update(
                status=ListReport.Status.UPHELD
            )
            report_reasons = moderation.reasons_reported(upheld, "film_list")
        for film_list in changed:
            _tell_owner(film_list, hidden, reason, report_reasons.get(film_list.pk, []))
    return len(changed)


def _tell_owner(film_list: FilmList, hidden: bool, reason: str, report_reasons: list[str]) -> None:
    """Tell a list's owner that a moderator hid or reinstated it, in the reviews' words."""
    outcome, mail = ("hidden", "content_hidden") if hidden else ("back", "content_reinstated")
    moderation.notify(
        member=film_list.owner,
        subject=f"Your list “{film_list.title}” is {outcome}",
        template=f"moderation/mail/{mail}.txt",
        context={
            "what": f"list “{film_list.title}”",
            "reason": reason,
            "report_reasons": report_reasons,
            "link": absolute_url(film_list.get_absolute_url()),
        },
    )


def dismiss_reports(reports: QuerySet[ListReport], *, moderator: User | None = None) -> int:
    """Close the open ones among `reports`, leaving their lists as they are, each logged;
    how many."""
    with transaction.atomic():
        dismissing = list(
            reports.filter(status=ListReport.Status.OPEN)
            .select_for_update(of=("self",))
            .select_related("film_list__owner")
            .order_by("pk")
        )
        moderation.record(
            action=moderation.Action.DISMISS_REPORT, targets=dismissing, moderator=moderator
        )
        return ListReport.objects.filter(pk__in=[report.pk for report in dismissing]).update(
            status=ListReport.Status.DISMISSED
        )
