"""The watchlist page, list pages, and every write to watchlists and lists.

Read-only pages are generic class-based views; each write is a small function view that
checks ownership, calls `services` and redirects with a message (POST → redirect → GET). A
write asked for with `Accept: application/json` (the page's JavaScript) answers JSON instead
of redirecting, so the page updates in place. Importing and exporting a member's history are views
over `history`, which reads, matches and writes the files.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from catalog.models import Film, can_view_drafts
from filmsite import ratelimit
from filmsite.members import MemberRequest
from filmsite.moderation.services import PostingSuspended, suspension_of
from filmsite.redirects import redirect_to_next, wants_json
from filmsite.views import ExplainedHttp404

from . import history, services
from .filters import WatchlistFilter
from .forms import (
    AddToListForm,
    FilmListForm,
    HistoryImportForm,
    ListReportForm,
    MoveForm,
    NoteForm,
    ReorderForm,
)
from .models import FilmList, FilmListEntry, PendingImport, WatchlistEntry


class WatchlistView(LoginRequiredMixin, FilterView):
    """The member's own watchlist, sorted and filtered by GET parameters; no one else's."""

    filterset_class = WatchlistFilter
    template_name = "library/watchlist.html"
    context_object_name = "entries"
    paginate_by = 50
    strict = False

    def get_queryset(self) -> QuerySet[WatchlistEntry]:
        user = self.request.user
        return WatchlistEntry.objects.filter(
            member=user, film__in=Film.objects.visible_to(user)
        ).select_related("film")


@login_required
@require_http_methods(["GET", "POST"])
def watchlist_film(request: MemberRequest, slug: str) -> HttpResponse:
    """Add a film to the member's watchlist or take it off (`action` is add or remove)."""
    film = get_object_or_404(Film.objects.visible_to(request.user), slug=slug)
    if request.method == "GET":  # after logging in from a form posted while logged out
        return redirect(film)
    action = request.POST.get("action")
    if action == "add":
        services.add_to_watchlist(member=request.user, film=film)
        outcome = f"{film.title} is on your watchlist."
    elif action == "remove":
        services.remove_from_watchlist(member=request.user, film=film)
        outcome = f"{film.title} is off your watchlist."
    else:
        if wants_json(request):
            return JsonResponse({"error": "Choose to add or remove the film."}, status=400)
        messages.error(request, "Choose to add the film to your watchlist or remove it.")
        return redirect_to_next(request, film)
    if wants_json(request):
        return JsonResponse({"in_watchlist": action == "add", "message": outcome})
    messages.success(request, outcome)
    return redirect_to_next(request, film)


class FilmListDetailView(DetailView):
    """A list's page: its films as a poster grid, in order, with their notes.

    Private and hidden lists are found only by their owner; anyone else gets a 404.
    """

    template_name = "library/list_detail.html"
    context_object_name = "film_list"

    def get_queryset(self) -> QuerySet[FilmList]:
        return FilmList.objects.visible_to(self.request.user).select_related("owner")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entries = self.object.entries.select_related("film").filter(
            film__in=Film.objects.visible_to(self.request.user)
        )
        return super().get_context_data(
            entries=entries,
            is_owner=self.object.is_editable_by(self.request.user),
            **kwargs,
        )


@dataclass(frozen=True)
class EditedEntry:
    """An entry on its list's edit page. A film unpublished since it was added keeps its place
    in the order (so reordering still names every entry), but not its name or poster."""

    entry: FilmListEntry
    shown: bool

    @property
    def title(self) -> str:
        return self.entry.film.title if self.shown else "a film that is not published now"


def _own_list(request: MemberRequest, pk: int) -> FilmList:
    """The member's own list, or a 404: another's list, private or not, is not theirs to edit."""
    return get_object_or_404(FilmList, pk=pk, owner=request.user)


def _own_entry(request: MemberRequest, pk: int) -> FilmListEntry:
    return get_object_or_404(
        FilmListEntry.objects.select_related("film_list", "film"),
        pk=pk,
        film_list__owner=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_create(request: MemberRequest) -> HttpResponse:
    form = FilmListForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        ratelimit.hit(ratelimit.LIST_CREATE, request)
        try:
            film_list = services.create_list(owner=request.user, **form.cleaned_data)
        except PostingSuspended as refusal:
            form.add_error(None, str(refusal))  # the form comes back as written
            status = 403
        else:
            messages.success(request, "Your list is made: add films to it from their pages.")
            return redirect(film_list)
    context = {"form": form, "suspension": suspension_of(request.user)}
    return render(request, "library/list_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def list_edit(request: MemberRequest, pk: int) -> HttpResponse:
    """The owner's page for a list: its title and visibility, and its films' order and notes."""
    film_list = _own_list(request, pk)
    form = FilmListForm(request.POST or None, instance=film_list)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_list(film_list=film_list, **form.cleaned_data)
        except services.Gone:
            raise ExplainedHttp404("This list has been deleted.") from None
        except PostingSuspended as refusal:
            form.add_error(None, str(refusal))
            status = 403
        else:
            messages.success(request, "Your list is saved.")
            return redirect(film_list)
    sees_drafts = can_view_drafts(request.user)
    entries = [
        EditedEntry(entry, sees_drafts or entry.film.status == Film.Status.PUBLISHED)
        for entry in film_list.entries.select_related("film")
    ]
    return render(
        request,
        "library/list_edit.html",
        {
            "form": form,
            "film_list": film_list,
            "entries": entries,
            "suspension": suspension_of(request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_delete(request: MemberRequest, pk: int) -> HttpResponse:
    film_list = _own_list(request, pk)
    if request.method == "POST":
        services.delete_list(film_list=film_list)
        messages.success(request, f"Your list “{film_list.title}” is deleted.")
        return redirect("profile", request.user.get_username())
    return render(request, "library/list_confirm_delete.html", {"film_list": film_list})


@login_required
@require_POST
def list_reorder(request: MemberRequest, pk: int) -> HttpResponse:
    """Put the list's films in a new order: every entry's id, once each, first to last."""
    film_list = _own_list(request, pk)
    entry_ids = film_list.entries.values_list("pk", flat=True)
    form = ReorderForm(request.POST, entry_ids=list(entry_ids))
    try:
        if not form.is_valid():
            raise services.StaleOrder
        services.reorder(film_list=film_list, entry_ids=form.cleaned_data["entries"])
    except services.StaleOrder:
        refusal = "This list has changed in another window: reload it and try again."
        if wants_json(request):
            return JsonResponse({"error": refusal}, status=409)
        messages.error(request, refusal)
        return redirect("library:list_edit", pk=film_list.pk)
    except PostingSuspended as suspended:
        if wants_json(request):
            return JsonResponse({"error": str(suspended)}, status=403)
        raise PermissionDenied(str(suspended)) from None
    if wants_json(request):
        return JsonResponse({"order": form.cleaned_data["entries"]})
    messages.success(request, "The new order is saved.")
    return redirect("library:list_edit", pk=film_list.pk)


@login_required
@require_POST
def entry_move(request: MemberRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_entry(entry=entry, direction=form.cleaned_data["direction"])
        except PostingSuspended as refusal:
            raise PermissionDenied(str(refusal)) from None
    else:
        messages.error(request, "Choose to move the film up or down.")
    return redirect(f"{_edit_url(entry)}#entry-{entry.pk}")


@login_required
@require_POST
def entry_remove(request: MemberRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    services.remove_entry(entry=entry)
    messages.success(request, "The film is taken out of this list.")
    return redirect(_edit_url(entry))


@login_required
@require_http_methods(["GET", "POST"])
def entry_note(request: MemberRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    if entry.film.status != Film.Status.PUBLISHED and not can_view_drafts(request.user):
        raise Http404("No such film in the list.")
    form = NoteForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_note(entry=entry, note=form.cleaned_data["note"])
        except services.Gone:
            raise ExplainedHttp404("This film is no longer in the list.") from None
        except PostingSuspended as refusal:
            raise PermissionDenied(str(refusal)) from None
        messages.success(request, f"Your note on {entry.film.title} is saved.")
        return redirect(f"{_edit_url(entry)}#entry-{entry.pk}")
    return render(request, "library/entry_note.html", {"form": form, "entry": entry})


def _edit_url(entry: FilmListEntry) -> str:
    return reverse("library:list_edit", kwargs={"pk": entry.film_list_id})


@login_required
@require_http_methods(["GET", "POST"])
def film_add_to_list(request: MemberRequest, slug: str) -> HttpResponse:
    """Add a film to one of the member's lists, or to a new list made on the way."""
    film = get_object_or_404(Film.objects.visible_to(request.user), slug=slug)
    if request.method == "GET":  # after logging in from a form posted while logged out
        return redirect(film)
    form = AddToListForm(request.POST, owner=request.user)
    if not form.is_valid():
        for messages_of_field in form.errors.values():
            for error in messages_of_field:
                messages.error(request, str(error))
        return redirect_to_next(request, film)
    film_list = form.cleaned_data["film_list"]
    try:
        if film_list is None:
            ratelimit.hit(ratelimit.LIST_CREATE, request)
            title = form.cleaned_data["new_title"]
            film_list = services.create_list(owner=request.user, title=title)
        services.add_to_list(film_list=film_list, film=film, note=form.cleaned_data["note"])
    except PostingSuspended as refusal:
        raise PermissionDenied(str(refusal)) from None
    except services.AlreadyInList:
        messages.info(request, f"{film.title} is already in “{film_list.title}”.")
    except services.ListFull as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{film.title} is added to “{film_list.title}”.")
    return redirect_to_next(request, film)


@require_http_methods(["GET", "POST"])
def list_report(request: HttpRequest, pk: int) -> HttpResponse:
    film_list = get_object_or_404(FilmList.objects.public().select_related("owner"), pk=pk)
    form = ListReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratelimit.hit(ratelimit.REPORT, request)
        services.report_list(film_list=film_list, reporter=request.user, **form.cleaned_data)
        messages.success(request, "Thank you: a moderator will look at this list.")
        return redirect(film_list)
    return render(request, "library/report_form.html", {"form": form, "film_list": film_list})


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: MemberRequest) -> HttpResponse:
    """Upload an export; it is read and matched, and shown for confirmation, not yet applied."""
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        ratelimit.hit(ratelimit.HISTORY_IMPORT, request)
        if form.is_valid():
            try:
                pending = history.start_import(member=request.user, raw=form.cleaned_data["export"])
            except history.UnreadableExport as problem:
                form.add_error("export", str(problem))
            else:
                return redirect(pending)
    return render(request, "library/import_upload.html", {"form": form})


def _own_pending_import(request: MemberRequest, pk: int) -> PendingImport:
    """The member's own pending import, or a 404: no one else may see or confirm it."""
    return get_object_or_404(PendingImport, pk=pk, owner=request.user)


def _expired(request: HttpRequest) -> HttpResponse:
    messages.error(
        request,
        "That import is no longer waiting: it was applied already, or it expired "
        "(upload the file again to see what is left to import).",
    )
    return redirect("library:import_upload")


@login_required
def import_preview(request: MemberRequest, pk: int) -> HttpResponse:
    pending = _own_pending_import(request, pk)
    if pending.has_expired:
        return _expired(request)
    return render(
        request,
        "library/import_preview.html",
        {"preview": history.preview(pending), "shown": history.PREVIEW_ROWS},
    )


@login_required
@require_POST
def import_confirm(request: MemberRequest, pk: int) -> HttpResponse:
    pending = _own_pending_import(request, pk)
    try:
        applied = history.apply_import(member=request.user, pending_id=pending.pk)
    except history.ImportExpired:
        return _expired(request)
    noun = "rating" if pending.is_ratings else "watchlist film"
    messages.success(
        request,
        f"{applied.written} {noun}{pluralize(applied.written)} imported; "
        f"{applied.up_to_date} already up to date.",
    )
    if pending.is_ratings:
        return redirect("profile", request.user.get_username())
    return redirect("library:watchlist")


@login_required
@require_POST
def import_cancel(request: MemberRequest, pk: int) -> HttpResponse:
    _own_pending_import(request, pk).delete()
    messages.info(request, "The import is cancelled; nothing was changed.")
    return redirect("library:import_upload")


@login_required
def export_page(request: MemberRequest) -> HttpResponse:
    return render(request, "library/export.html", {"exports": history.EXPORT_HEADERS})


@login_required
def export_download(request: MemberRequest, what: str) -> StreamingHttpResponse:
    """One kind of the member's data as a CSV file, streamed row by row."""
    if what not in history.EXPORT_HEADERS:
        raise Http404("No such export.")
    lines = history.write_csv(history.EXPORT_HEADERS[what], history.export_rows(request.user, what))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="filmsite-{what}.csv"'
    return response
