"""Reading IMDb, Letterboxd and our own exports, matching them to films, and applying them."""

import pytest
from django.utils import timezone

from catalog import merging
from filmsite.library import history
from filmsite.library.models import PendingImport, WatchlistEntry
from reviews.models import Rating
from tests.factories import FilmFactory, RatingFactory, UserFactory
from tests.library.conftest import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory(username="alice")


def scores(rows):
    return {row["film"]: row["score"] for row in rows["matched"]}


def test_imdb_sample_matches_by_tconst_and_lists_what_is_not_here(member, catalog):
    kind, rows = history.read_export(member, sample("imdb-ratings.csv"))
    assert kind == PendingImport.Kind.IMDB_RATINGS
    assert scores(rows) == {
        catalog["vegas"].pk: 8,
        catalog["tiger"].pk: 9,
        catalog["amelie"].pk: 10,
    }
    assert rows["unmatched"] == [{"line": 5, "title": "Breaking Bad", "year": 2008}]
    assert rows["ambiguous"] == rows["malformed"] == []


def test_older_imdb_header_without_original_title_reads_the_same(member, catalog):
    kind, rows = history.read_export(member, sample("imdb-ratings-older-header.csv"))
    assert kind == PendingImport.Kind.IMDB_RATINGS
    assert scores(rows) == {catalog["vegas"].pk: 8}


def test_letterboxd_half_stars_double_onto_ten_and_titles_match_either_name(member, catalog):
    kind, rows = history.read_export(member, sample("letterboxd-ratings.csv"))
    assert kind == PendingImport.Kind.LETTERBOXD_RATINGS
    assert scores(rows) == {
        catalog["tiger"].pk: 9,
        catalog["amelie"].pk: 10,
        catalog["mama"].pk: 7,
        catalog["sr"].pk: 1,
    }
    assert [(row["line"], row["title"]) for row in rows["ambiguous"]] == [(6, "Hamlet")]
    assert sorted(rows["ambiguous"][0]["films"]) == [
        catalog["hamlet"].pk,
        catalog["other_hamlet"].pk,
    ]
    assert [row["line"] for row in rows["unmatched"]] == [7]


def test_letterboxd_titles_match_whatever_their_case(member, catalog):
    raw = "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,AMÉLIE,2001,u,4\n".encode()
    _, rows = history.read_export(member, raw)
    assert scores(rows) == {catalog["amelie"].pk: 8}


def test_letterboxd_watchlist_sample_is_recognised_without_a_rating_column(member, catalog):
    kind, rows = history.read_export(member, sample("letterboxd-watchlist.csv"))
    assert kind == PendingImport.Kind.LETTERBOXD_WATCHLIST
    assert {row["film"] for row in rows["matched"]} == {
        catalog["tiger"].pk,
        catalog["sr"].pk,
        catalog["thieves"].pk,
    }
    assert [row["title"] for row in rows["ambiguous"]] == ["Hamlet"]


def test_a_title_with_a_sharp_s_matches_itself(member):
    film = FilmFactory(title="The White Ribbon", original_title="Das weiße Band", year=2009)
    raw = "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Das weiße Band,2009,u,4\n"
    _, rows = history.read_export(member, raw.encode())
    assert scores(rows) == {film.pk: 8}


def test_a_title_in_another_year_is_not_matched(member, catalog):
    raw = b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Amelie,1999,u,4\n"
    _, rows = history.read_export(member, raw)
    assert rows["matched"] == []
    assert len(rows["unmatched"]) == 1


def test_draft_films_are_not_matched_for_members(member):
    FilmFactory(title="Unfinished", year=2020, tconst="tt9999999", status="draft")
    _, rows = history.read_export(member, b"Const,Your Rating\ntt9999999,7\n")
    assert rows["matched"] == []
    assert rows["unmatched"][0]["line"] == 2


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("tt0113627,11", "is not a whole number from 1 to 10"),
        ("tt0113627,", "is not a whole number from 1 to 10"),
        ("tt0113627,²", "is not a whole number from 1 to 10"),
        ("tt0113627,①", "is not a whole number from 1 to 10"),
        ("tt0113627,٨", "is not a whole number from 1 to 10"),
        (",8", "is missing or not an id"),
        ("nm0000115,8", "is missing or not an id"),
    ],
)
def test_malformed_imdb_row_is_listed_with_its_line_and_skipped(member, catalog, line, reason):
    raw = f"Const,Your Rating\ntt0190332,9\n{line}\n".encode()
    _, rows = history.read_export(member, raw)
    assert scores(rows) == {catalog["tiger"].pk: 9}
    [malformed] = rows["malformed"]
    assert malformed["line"] == 3
    assert reason in malformed["reason"]


@pytest.mark.parametrize("rating", ["0", "5.5", "3.25", "NaN", "Infinity", "four", ""])
def test_malformed_letterboxd_rating_is_listed_and_skipped(member, catalog, rating):
    raw = f"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Amélie,2001,u,{rating}\n".encode()
    _, rows = history.read_export(member, raw)
    assert rows["matched"] == []
    assert rows["malformed"][0]["line"] == 2


def test_a_byte_order_mark_is_accepted(member, catalog):
    _, rows = history.read_export(member, b"\xef\xbb\xbf" + sample("imdb-ratings.csv"))
    assert len(rows["matched"]) == 3


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Const,Your Rating\ntt0113627,8,Café\n".encode("latin-1"), "UTF-8"),
        (b"Film title,Stars\nHeat,5\n", "first row"),
        (b'Const,Your Rating\ntt0113627,"8' + b"x" * 200_000 + b'"\n', "not valid CSV"),
        (b"Const,Your Rating\n" + b"tt0113627,8\n" * 20_001, "more than 20,000 rows"),
        (b'Const,Your Rating,Title\ntt0113627,8,"Open\ntt0190332,9,Closed\n', "not valid CSV"),
        ("Const,Your Rating\ntt0113627,8\n".encode("utf-16"), "UTF-8"),
        (b"Const,Your Rating\n" + b"x" * history.MAX_BYTES, "larger than 5 MB"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "latin-1",
        "wrong-header",
        "huge-field",
        "rows",
        "unclosed-quote",
        "utf-16",
        "bytes",
    ],
)
def test_unreadable_file_is_refused_as_a_whole(member, raw, message):
    with pytest.raises(history.UnreadableExport, match=message):
        history.read_export(member, raw)


def rows_of(count, make_line):
    return "\n".join(make_line(number) for number in range(count)).encode()


@pytest.mark.parametrize("kind", ["imdb", "letterboxd"])
def test_matching_takes_the_same_queries_for_few_rows_as_for_many(
    member, django_assert_num_queries, kind
):
    films = FilmFactory.create_batch(60, year=2001)
    for number, film in enumerate(films):
        film.tconst = f"tt{number:07d}"
        film.save()

    def export(count):
        if kind == "imdb":
            header = "Const,Your Rating\n"
            return header.encode() + rows_of(count, lambda n: f"tt{n:07d},7")
        header = "Date,Name,Year,Letterboxd URI,Rating\n"
        return header.encode() + rows_of(count, lambda n: f'2024-01-01,"{films[n].title}",2001,u,3')

    history.read_export(member, export(1))  # caches the member's permissions (to see drafts)
    # One query for the films, by id or by title; none per row.
    with django_assert_num_queries(1):
        _, few = history.read_export(member, export(3))
    with django_assert_num_queries(1):
        _, many = history.read_export(member, export(60))
    assert len(few["matched"]) == 3
    assert len(many["matched"]) == 60


def test_starting_an_import_writes_nothing_but_the_pending_import(member, catalog):
    history.start_import(member=member, raw=sample("letterboxd-ratings.csv"))
    history.start_import(member=member, raw=sample("letterboxd-watchlist.csv"))
    assert not Rating.objects.exists()
    assert not WatchlistEntry.objects.exists()
    assert PendingImport.objects.filter(owner=member).count() == 2


def test_applying_rates_through_the_reviews_service_with_exact_figures(member, catalog):
    pending = history.start_import(member=member, raw=sample("imdb-ratings.csv"))
    applied = history.apply_import(member=member, pending_id=pending.pk)
    assert applied == history.Applied(written=3, up_to_date=0)
    tiger = catalog["tiger"]
    tiger.refresh_from_db()
    assert (tiger.user_rating_count, tiger.user_rating_average) == (1, 9)
    assert not PendingImport.objects.exists()


def test_applying_keeps_figures_exact_beside_other_members_ratings(member, catalog):
    bob = UserFactory(username="bob")
    RatingFactory(member=bob, film=catalog["vegas"], score=4)
    RatingFactory(member=member, film=catalog["vegas"], score=2)
    pending = history.start_import(member=member, raw=sample("imdb-ratings.csv"))
    history.apply_import(member=member, pending_id=pending.pk)
    vegas = catalog["vegas"]
    vegas.refresh_from_db()
    assert (vegas.user_rating_count, vegas.user_rating_average) == (2, 6)
    assert Rating.objects.get(member=bob, film=vegas).score == 4


def test_a_second_import_of_the_same_file_changes_nothing(member, catalog):
    for _ in range(2):
        pending = history.start_import(member=member, raw=sample("letterboxd-ratings.csv"))
        before = list(Rating.objects.order_by("pk").values_list("pk", "score", "updated"))
        applied = history.apply_import(member=member, pending_id=pending.pk)
    assert applied == history.Applied(written=0, up_to_date=4)
    assert list(Rating.objects.order_by("pk").values_list("pk", "score", "updated")) == before


def test_a_changed_score_is_previewed_as_changed_and_applied(member, catalog):
    RatingFactory(member=member, film=catalog["vegas"], score=3)
    pending = history.start_import(member=member, raw=sample("imdb-ratings.csv"))
    preview = history.preview(pending)
    assert [(row["film"], row["was"], row["score"]) for row in preview.changed] == [
        (catalog["vegas"].pk, 3, 8)
    ]
    history.apply_import(member=member, pending_id=pending.pk)
    assert Rating.objects.get(member=member, film=catalog["vegas"]).score == 8


def test_watchlist_import_keeps_the_date_it_was_added_elsewhere(member, catalog):
    pending = history.start_import(member=member, raw=sample("letterboxd-watchlist.csv"))
    history.apply_import(member=member, pending_id=pending.pk)
    entry = WatchlistEntry.objects.get(film=catalog["thieves"])
    assert entry.added.date().isoformat() == "2024-02-04"


def test_another_member_cannot_apply_your_pending_import(member, catalog):
    pending = history.start_import(member=member, raw=sample("imdb-ratings.csv"))
    with pytest.raises(history.ImportExpired):
        history.apply_import(member=UserFactory(username="mallory"), pending_id=pending.pk)
    assert not Rating.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Heat", "Heat"),
        (7, "7"),
        (None, ""),
    ],
)
def test_cells_that_begin_like_a_formula_are_neutralised(cell, written):
    assert history.neutralise(cell) == written


@pytest.mark.parametrize("year", ["²⁰⁰¹", "\uff12\uff10\uff10\uff11", "1e3"])
def test_a_year_in_other_digits_is_listed_not_a_server_error(member, catalog, year):
    raw = f"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Amélie,{year},u,4\n".encode()
    _, rows = history.read_export(member, raw)
    assert rows["matched"] == []
    assert "is not a year" in rows["malformed"][0]["reason"]


def test_twenty_thousand_rows_and_a_trailing_blank_line_are_accepted(member):
    raw = b"Const,Your Rating\n" + b"tt0113627,8\n" * 20_000 + b"\n"
    history.read_export(member, raw)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_an_impossible_date_added_is_dropped_for_the_day_of_import(member, catalog, day):
    film = catalog["vegas"]
    pending = history.start_import(member=member, raw=f"Film,Added\n{film.slug},{day}\n".encode())
    history.apply_import(member=member, pending_id=pending.pk)
    added = WatchlistEntry.objects.get(member=member).added
    assert added.year == timezone.now().year


def test_the_lists_export_keeps_a_list_without_films(member):
    from filmsite.library import services

    services.create_list(owner=member, title="Empty list", description="no films yet")
    rows = list(history.export_rows(member, "lists"))
    assert rows == [["Empty list", "yes", "no films yet", "", "", "", "", ""]]


def test_our_own_export_of_a_film_with_a_non_latin_slug_reads_back(member):
    film = FilmFactory(title="Ночной дозор", year=2004, slug="ночной-дозор-2004")
    _, rows = history.read_export(member, f"Film,Your Rating\n{film.slug},8\n".encode())
    assert rows["malformed"] == []
    assert scores(rows) == {film.pk: 8}


def test_rows_of_films_renamed_or_merged_since_the_export_find_the_film_now(member):
    kept = FilmFactory(slug="heat-1995", tconst="tt0113277")
    duplicate = FilmFactory(slug="heat-1995-2", tconst="tt0400002")
    merging.merge_films(kept, [duplicate])
    kept.refresh_from_db()
    kept.slug = "heat-1995-mann"
    kept.save()
    for raw in (
        b"Film,Your Rating\nheat-1995,8\n",
        b"Film,Your Rating\nheat-1995-2,8\n",
        b"Const,Your Rating\ntt0400002,8\n",
    ):
        _, rows = history.read_export(member, raw)
        assert scores(rows) == {kept.pk: 8}, raw
        assert rows["matched"][0]["slug"] == "heat-1995-mann"
