"""The import and export pages: upload, preview, confirm, ownership, and the CSV downloads."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from filmsite import ratelimit
from filmsite.library.models import PendingImport, WatchlistEntry
from reviews.models import Rating
from tests.factories import (
    FilmFactory,
    FilmListEntryFactory,
    RatingFactory,
    ReviewFactory,
    UserFactory,
    WatchlistEntryFactory,
)
from tests.html_text import visible_text
from tests.library.conftest import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client):
    user = UserFactory(username="alice")
    client.force_login(user)
    return user


def upload(client, raw, name="ratings.csv"):
    export = SimpleUploadedFile(name, raw, content_type="text/csv")
    return client.post(reverse("library:import_upload"), {"export": export})


def confirm(client, pending):
    return client.post(reverse("library:import_confirm", args=[pending.pk]), follow=True)


def download(client, what):
    response = client.get(reverse("library:export_download", args=[what]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


def test_upload_shows_a_preview_and_writes_nothing_before_confirming(client, alice, catalog):
    response = upload(client, sample("letterboxd-ratings.csv"))
    pending = PendingImport.objects.get(owner=alice)
    assert response["Location"] == pending.get_absolute_url()
    page = visible_text(client.get(response["Location"]).content.decode())
    assert "4 new" in page
    assert "Line 6: Hamlet (1990)" in page
    assert "Line 7: Dr. Strangelove or: How I Learned to Stop Worrying" in page
    assert "Y tu mamá también" not in page
    assert "And Your Mother Too (2001)" in page
    assert not Rating.objects.exists()


def test_confirming_applies_the_import_and_says_what_changed(client, alice, catalog):
    upload(client, sample("imdb-ratings.csv"))
    response = confirm(client, PendingImport.objects.get())
    assert "3 ratings imported; 0 already up to date." in visible_text(response.content.decode())
    assert Rating.objects.filter(member=alice).count() == 3
    assert not PendingImport.objects.exists()


def test_importing_the_same_file_twice_says_all_are_up_to_date(client, alice, catalog):
    for _ in range(2):
        upload(client, sample("letterboxd-watchlist.csv"))
        response = confirm(client, PendingImport.objects.get())
    assert "0 watchlist films imported; 3 already up to date." in visible_text(
        response.content.decode()
    )
    assert WatchlistEntry.objects.filter(member=alice).count() == 3


def test_another_member_can_neither_see_nor_confirm_nor_cancel_your_import(client, alice, catalog):
    upload(client, sample("imdb-ratings.csv"))
    pending = PendingImport.objects.get()
    client.force_login(UserFactory(username="mallory"))
    for name, method in [
        ("import_preview", client.get),
        ("import_confirm", client.post),
        ("import_cancel", client.post),
    ]:
        assert method(reverse(f"library:{name}", args=[pending.pk])).status_code == 404
    assert PendingImport.objects.filter(pk=pending.pk).exists()
    assert not Rating.objects.exists()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("library:import_upload"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_expired_import_is_refused_and_cleared_by_the_next_upload(client, alice, catalog):
    upload(client, sample("imdb-ratings.csv"))
    stale = PendingImport.objects.get()
    stale.created = timezone.now() - PendingImport.LIFETIME - datetime.timedelta(minutes=1)
    stale.save()
    response = confirm(client, stale)
    assert "That import is no longer waiting" in visible_text(response.content.decode())
    assert not Rating.objects.exists()
    upload(client, sample("imdb-ratings.csv"))
    assert not PendingImport.objects.filter(pk=stale.pk).exists()
    assert PendingImport.objects.count() == 1


def test_cancelling_deletes_the_pending_import(client, alice, catalog):
    upload(client, sample("imdb-ratings.csv"))
    client.post(reverse("library:import_cancel", args=[PendingImport.objects.get().pk]))
    assert not PendingImport.objects.exists()
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\x00\x01\x02binary", "This is not a CSV file"),
        ("Const,Your Rating\ntt0113627,8,Café\n".encode("latin-1"), "not in UTF-8"),
        (b"Film title,Stars\nHeat,5\n", "This is not an IMDb ratings export"),
        (b"Const,Your Rating\n" + b"x" * (5 * 1024 * 1024), "larger than 5 MB"),
    ],
    ids=["empty", "binary", "latin-1", "wrong-header", "too-large"],
)
def test_an_unreadable_file_is_a_form_error_not_a_crash(client, alice, raw, message):
    response = upload(client, raw)
    assert response.status_code == 200
    assert message in visible_text(response.content.decode())
    assert not PendingImport.objects.exists()


def test_uploads_are_rate_limited(client, alice):
    for _ in range(ratelimit.HISTORY_IMPORT.limit):
        upload(client, b"not a csv")
    assert upload(client, b"not a csv").status_code == 429


def test_preview_page_takes_the_same_queries_for_few_rows_as_for_many(
    client, alice, django_assert_num_queries, fetch_raise
):
    films = FilmFactory.create_batch(40)
    header = "Const,Your Rating\n"

    def preview_of(count):
        for number, film in enumerate(films[:count]):
            film.tconst = f"tt{number:07d}"
            film.save()
        lines = "".join(f"tt{number:07d},7\n" for number in range(count))
        upload(client, (header + lines).encode())
        pending = PendingImport.objects.latest("pk")
        # The session, the member, the pending import, and the member's ratings.
        with django_assert_num_queries(4) as context:
            response = client.get(pending.get_absolute_url())
        assert f"{count} new" in visible_text(response.content.decode())
        return len(context)

    assert preview_of(2) == preview_of(40)


def test_profile_and_watchlist_link_to_import_and_export(client, alice):
    for url in [reverse("profile", args=["alice"]), reverse("library:watchlist")]:
        page = client.get(url).content.decode()
        assert reverse("library:import_upload") in page
        assert reverse("library:export") in page
    other = client.get(reverse("profile", args=[UserFactory(username="bob").username]))
    assert reverse("library:import_upload") not in other.content.decode()


def test_export_page_links_each_download(client, alice):
    page = client.get(reverse("library:export")).content.decode()
    for what in ["ratings", "reviews", "watchlist", "lists"]:
        assert reverse("library:export_download", args=[what]) in page


def test_an_unknown_export_is_not_found(client, alice):
    assert client.get("/history/export/passwords.csv").status_code == 404


def test_exported_ratings_and_watchlist_import_back_changing_nothing(client, alice, catalog):
    upload(client, sample("letterboxd-ratings.csv"))
    confirm(client, PendingImport.objects.get())
    upload(client, sample("letterboxd-watchlist.csv"))
    confirm(client, PendingImport.objects.get())
    before = (
        list(Rating.objects.order_by("pk").values_list("film", "score", "updated")),
        list(WatchlistEntry.objects.order_by("pk").values_list("film", "added")),
    )
    for what, noun, count in [("ratings", "ratings", 4), ("watchlist", "watchlist films", 3)]:
        upload(client, download(client, what), name=f"filmsite-{what}.csv")
        page = visible_text(confirm(client, PendingImport.objects.get()).content.decode())
        assert f"0 {noun} imported; {count} already up to date." in page
    after = (
        list(Rating.objects.order_by("pk").values_list("film", "score", "updated")),
        list(WatchlistEntry.objects.order_by("pk").values_list("film", "added")),
    )
    assert after == before


def test_exported_ratings_restore_them_for_a_new_account(client, alice, catalog):
    RatingFactory(member=alice, film=catalog["sr"], score=4)
    exported = download(client, "ratings")
    client.force_login(UserFactory(username="alice2"))
    upload(client, exported)
    confirm(client, PendingImport.objects.get())
    assert Rating.objects.get(member__username="alice2").score == 4


def test_exports_neutralise_cells_a_spreadsheet_would_run(client, alice):
    film = FilmFactory(title='=HYPERLINK("http://evil.example","Click")', year=2001)
    RatingFactory(member=alice, film=film, score=6)
    ReviewFactory(author=alice, film=film, headline="+1 from me", body="@everyone " * 5)
    WatchlistEntryFactory(member=alice, film=film)
    FilmListEntryFactory(film_list__owner=alice, film_list__title="-Best", film=film, note="\tx")
    cells = {
        what: list(csv.reader(io.StringIO(download(client, what).decode())))[1]
        for what in ["ratings", "reviews", "watchlist", "lists"]
    }
    assert cells["ratings"][1] == '\'=HYPERLINK("http://evil.example","Click")'
    assert cells["reviews"][3] == "'+1 from me"
    assert cells["reviews"][4].startswith("'@everyone")
    assert cells["lists"][0] == "'-Best"
    assert cells["lists"][7] == "'\tx"
    assert cells["watchlist"][1].startswith("'=")


def test_exports_hold_only_the_members_own_data(client, alice):
    RatingFactory(member=UserFactory(username="bob"), film=FilmFactory(title="Bob's film"))
    RatingFactory(member=alice, film=FilmFactory(title="Alice's film"))
    rows = list(csv.reader(io.StringIO(download(client, "ratings").decode())))
    assert [row[1] for row in rows[1:]] == ["Alice's film"]
    assert rows[0] == ["Film", "Title", "Year", "IMDb ID", "Your Rating", "Date Rated"]
