"""Merging duplicate films and people: everything moves, one review and rating per member
(the newer), every stored figure exact, the merged address answering 301, all or nothing."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from catalog import merging
from catalog.models import (
    AlternativeTitle,
    Credit,
    Film,
    MergedFilmId,
    Person,
    Release,
    Trailer,
)
from filmsite.library.models import FilmListEntry, WatchlistEntry
from reviews import services
from reviews.models import HelpfulVote, Rating, Review
from tests.catalog.test_import_imdb import BASICS, NAMES, PRINCIPALS, run, write
from tests.factories import (
    CreditFactory,
    FilmFactory,
    FilmListEntryFactory,
    FilmListFactory,
    GenreFactory,
    PersonFactory,
    ReleaseFactory,
    ReviewFactory,
    TrailerFactory,
    UserFactory,
    WatchlistEntryFactory,
    staff_member,
)
from tests.logins import log_in_staff
from tests.reviews.test_stored_figures import assert_exact

pytestmark = pytest.mark.django_db


def age(row, days):
    """Date a review or rating `days` back, as if written then."""
    when = timezone.now() - datetime.timedelta(days=days)
    type(row).objects.filter(pk=row.pk).update(
        **{"created": when, "updated": when} if hasattr(row, "created") else {"updated": when}
    )


@pytest.fixture
def duplicates():
    """Two rows for one film, each with its own and shared credits, releases, trailers,
    reviews, ratings, votes, watchlist and list entries."""
    kept = FilmFactory(title="Heat", year=1995, slug="heat-1995")
    duplicate = FilmFactory(
        title="Heat", year=1995, slug="heat-1995-2", tconst="tt0113277", runtime_minutes=170
    )
    pacino, de_niro, mann = PersonFactory(), PersonFactory(), PersonFactory()
    CreditFactory(film=kept, person=pacino, character="Vincent Hanna")
    CreditFactory(film=duplicate, person=pacino, character="Vincent Hanna")
    CreditFactory(film=duplicate, person=de_niro, character="Neil McCauley")
    CreditFactory(film=duplicate, person=mann, kind=Credit.Kind.DIRECTOR, character="")
    ReleaseFactory(film=kept, country="USA", is_primary=True)
    ReleaseFactory(film=duplicate, country="USA", is_primary=True)
    ReleaseFactory(film=duplicate, country="France", is_primary=False)
    TrailerFactory(film=kept, url="https://www.youtube.com/watch?v=aaaaaaaaaaa")
    TrailerFactory(film=duplicate, url="https://www.youtube.com/watch?v=aaaaaaaaaaa")
    TrailerFactory(film=duplicate, url="https://www.youtube.com/watch?v=bbbbbbbbbbb")
    crime, drama = GenreFactory(name="Crime"), GenreFactory(name="Drama")
    kept.genres.set([crime])
    duplicate.genres.set([crime, drama])

    both_reviewer, dup_reviewer, voter = UserFactory(), UserFactory(), UserFactory()
    older = ReviewFactory(film=kept, author=both_reviewer, rating=None, headline="Older")
    newer = ReviewFactory(film=duplicate, author=both_reviewer, rating=None, headline="Newer")
    age(older, 10)
    age(newer, 1)
    only_dup = ReviewFactory(film=duplicate, author=dup_reviewer, rating=4, headline="Only")
    services.vote(review=older, voter=voter, is_helpful=True)
    services.vote(review=newer, voter=voter, is_helpful=False)
    services.vote(review=only_dup, voter=voter, is_helpful=True)

    services.rate(member=both_reviewer, film=duplicate, score=3)
    services.rate(member=both_reviewer, film=kept, score=9)  # the newer rating
    age(Rating.objects.get(film=duplicate, member=both_reviewer), 5)
    services.rate(member=voter, film=duplicate, score=6)

    WatchlistEntryFactory(member=voter, film=kept)
    WatchlistEntryFactory(member=voter, film=duplicate)
    WatchlistEntryFactory(member=dup_reviewer, film=duplicate)
    both_list = FilmListFactory(owner=voter)
    FilmListEntryFactory(film_list=both_list, film=kept, position=1)
    other = FilmFactory()
    FilmListEntryFactory(film_list=both_list, film=other, position=2)
    FilmListEntryFactory(film_list=both_list, film=duplicate, position=3)
    dup_list = FilmListFactory(owner=dup_reviewer)
    FilmListEntryFactory(film_list=dup_list, film=duplicate, position=1)
    for film in (kept, duplicate):
        services.refresh_stored_figures(Film.objects.filter(pk=film.pk))
    return locals()


def test_merging_moves_everything_to_the_kept_film(duplicates):
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    assert merging.merge_films(kept, [duplicate]) == 1
    assert not Film.objects.filter(pk=duplicate.pk).exists()
    assert Credit.objects.filter(film=kept).count() == 3  # Pacino's role once
    assert sorted(Release.objects.filter(film=kept).values_list("country", flat=True)) == [
        "France",
        "USA",
    ]
    assert Release.objects.get(film=kept, is_primary=True).country == "USA"
    assert Trailer.objects.filter(film=kept).count() == 2
    assert sorted(kept.genres.values_list("name", flat=True)) == ["Crime", "Drama"]
    kept.refresh_from_db()
    assert (kept.tconst, kept.runtime_minutes) == ("tt0113277", 170)


def test_merging_keeps_one_review_and_one_rating_per_member_the_newer(duplicates):
    kept, both_reviewer = duplicates["kept"], duplicates["both_reviewer"]
    merging.merge_films(kept, [duplicates["duplicate"]])
    reviews = Review.objects.filter(film=kept)
    assert sorted(reviews.values_list("headline", flat=True)) == ["Newer", "Only"]
    assert Rating.objects.get(film=kept, member=both_reviewer).score == 9
    assert Rating.objects.filter(film=kept).count() == 3
    # The older review's votes went with it; the kept reviews' votes came along.
    assert HelpfulVote.objects.filter(review__film=kept).count() == 2
    assert reviews.get(headline="Newer").rating == 9  # the author's kept rating


def test_every_stored_figure_is_exact_after_a_merge(duplicates):
    kept = duplicates["kept"]
    merging.merge_films(kept, [duplicates["duplicate"]])
    assert_exact(kept)
    kept.refresh_from_db()
    assert (kept.user_review_count, kept.user_rating_count) == (2, 3)


def test_merging_moves_watchlists_and_list_entries_without_doubles_or_gaps(duplicates):
    kept = duplicates["kept"]
    merging.merge_films(kept, [duplicates["duplicate"]])
    assert WatchlistEntry.objects.filter(film=kept).count() == 2
    positions = FilmListEntry.objects.filter(film_list=duplicates["both_list"]).order_by("position")
    assert [(entry.film_id, entry.position) for entry in positions] == [
        (kept.pk, 1),
        (duplicates["other"].pk, 2),
    ]
    assert FilmListEntry.objects.get(film_list=duplicates["dup_list"]).film_id == kept.pk


@pytest.mark.parametrize(
    ("kept_note", "duplicate_note", "note"),
    [
        ("", "Seen at the Rio", "Seen at the Rio"),
        ("Pacino!", "", "Pacino!"),
        ("Pacino!", "Pacino!", "Pacino!"),
        ("Pacino!", "Seen at the Rio", "Pacino! Seen at the Rio"),
        ("looks broken", "ok", "looks broken ok"),
    ],
)
def test_a_list_holding_both_films_keeps_its_owners_notes_on_either(
    kept_note, duplicate_note, note
):
    kept, duplicate = FilmFactory(), FilmFactory()
    film_list = FilmListFactory()
    FilmListEntryFactory(film_list=film_list, film=kept, position=1, note=kept_note)
    FilmListEntryFactory(film_list=film_list, film=duplicate, position=2, note=duplicate_note)
    elsewhere = FilmListEntryFactory(film=kept, note="Another list's")
    merging.merge_films(kept, [duplicate])
    assert FilmListEntry.objects.get(film_list=film_list).note == note
    elsewhere.refresh_from_db()
    assert elsewhere.note == "Another list's"


def test_two_long_notes_joined_are_cut_between_letters_within_the_notes_length():
    kept, duplicate = FilmFactory(), FilmFactory()
    film_list = FilmListFactory()
    FilmListEntryFactory(film_list=film_list, film=kept, position=1, note="a" * 399)
    # A flag is two code points: cut inside it, half a flag would show.
    FilmListEntryFactory(
        film_list=film_list, film=duplicate, position=2, note="\U0001f1ef\U0001f1f5" * 200
    )
    merging.merge_films(kept, [duplicate])
    note = FilmListEntry.objects.get(film_list=film_list).note
    assert len(note) <= 500
    assert note.startswith("a" * 399 + " ")
    assert note.endswith("\U0001f1ef\U0001f1f5…")


def test_the_merged_films_addresses_answer_301_to_the_kept_one(client, duplicates):
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    old = duplicate.slug
    merging.merge_films(kept, [duplicate])
    response = client.get(f"/films/{old}/reviews/")
    assert (response.status_code, response["Location"]) == (301, "/films/heat-1995/reviews/")


def test_a_merge_that_fails_leaves_nothing_half_done(duplicates, monkeypatch):
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]

    def fail(*args, **kwargs):
        raise RuntimeError("storage went away")

    monkeypatch.setattr(services, "refresh_stored_figures", fail)
    with pytest.raises(RuntimeError):
        merging.merge_films(kept, [duplicate])
    assert Film.objects.filter(pk=duplicate.pk).exists()
    assert Credit.objects.filter(film=duplicate).count() == 3
    assert Review.objects.filter(film=duplicate).count() == 2


def test_merging_a_film_into_itself_is_refused(duplicates):
    with pytest.raises(merging.MergeRefused):
        merging.merge_films(duplicates["kept"], [duplicates["kept"]])


def test_merging_people_moves_credits_once_and_redirects(client):
    kept = PersonFactory(name="Nicolas Cage", slug="nicolas-cage")
    duplicate = PersonFactory(name="Nic Cage", slug="nic-cage", nconst="nm0000115")
    vegas, face_off = FilmFactory(), FilmFactory()
    CreditFactory(film=vegas, person=kept, character="Ben")
    CreditFactory(film=vegas, person=duplicate, character="Ben")
    CreditFactory(film=face_off, person=duplicate, character="Castor Troy")
    assert merging.merge_people(kept, [duplicate]) == 1
    assert sorted(Credit.objects.filter(person=kept).values_list("character", flat=True)) == [
        "Ben",
        "Castor Troy",
    ]
    kept.refresh_from_db()
    assert kept.nconst == "nm0000115"
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    response = client.get("/people/nic-cage/")
    assert (response.status_code, response["Location"]) == (301, "/people/nicolas-cage/")


def merge_post(client, model, rows, **extra):
    url = reverse(f"admin:catalog_{model}_changelist")
    data = {"action": "merge", "_selected_action": [row.pk for row in rows], **extra}
    return client.post(url, data)


def test_the_admin_asks_which_film_to_keep_then_merges(admin_client, duplicates):
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    page = merge_post(admin_client, "film", [kept, duplicate])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Which film is kept?" in html
    assert f'value="{duplicate.pk}"' in html
    done = merge_post(admin_client, "film", [kept, duplicate], post="yes", kept=kept.pk)
    assert done.status_code == 302
    assert not Film.objects.filter(pk=duplicate.pk).exists()
    entry = LogEntry.objects.get(object_id=str(kept.pk))
    assert f"#{duplicate.pk}" in entry.get_change_message()


def test_the_admin_merge_without_a_choice_merges_nothing(admin_client, duplicates):
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    page = merge_post(admin_client, "film", [kept, duplicate], post="yes", kept="nonsense")
    assert "Choose the film to keep." in page.content.decode()
    assert Film.objects.filter(pk=duplicate.pk).exists()


def test_the_admin_refuses_a_merge_of_one_film(admin_client, duplicates):
    response = merge_post(admin_client, "film", [duplicates["kept"]], post="yes")
    assert response.status_code == 302
    assert Film.objects.count() == 3


def test_editors_without_delete_permission_cannot_merge(client, duplicates):
    editor = staff_member("Editors")
    editor.groups.first().permissions.remove(
        *editor.groups.first().permissions.filter(codename="delete_film")
    )
    log_in_staff(client, editor)
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    assert not editor.has_perm("catalog.delete_film")
    response = merge_post(client, "film", [kept, duplicate], post="yes", kept=kept.pk)
    assert response.status_code == 302
    assert Film.objects.filter(pk=duplicate.pk).exists()


def test_merging_keeps_the_duplicates_other_titles_searchable_under_the_kept_film():
    kept = FilmFactory(title="Heat", year=1995)
    duplicate = FilmFactory(title="Heat", year=1995)
    AlternativeTitle.objects.create(film=kept, title="Hitze", region="DE", ordering=1)
    for ordering, (title, region) in enumerate(
        [("Hitze", "DE"), ("Calor", "ES"), ("Heat", "US")], start=1
    ):
        AlternativeTitle.objects.create(
            film=duplicate, title=title, region=region, ordering=ordering
        )
    merging.merge_films(kept, [duplicate])
    titles = kept.alternative_titles.order_by("ordering").values_list("title", "region")
    assert list(titles) == [("Hitze", "DE"), ("Calor", "ES"), ("Heat", "US")]


def test_a_second_import_never_makes_a_merged_film_or_person_again(tmp_path, client):
    write(tmp_path, "title.basics.tsv", BASICS)
    write(tmp_path, "title.principals.tsv", PRINCIPALS)
    write(tmp_path, "name.basics.tsv", NAMES)
    run(tmp_path)
    heat, heat_again = Film.objects.filter(title="Heat").order_by("tconst")
    merging.merge_films(heat, [heat_again])
    cage, shue = Person.objects.get(nconst="nm0000115"), Person.objects.get(nconst="nm0000223")
    merging.merge_people(cage, [shue])

    report = run(tmp_path)
    assert Film.objects.filter(title="Heat").count() == 1
    assert report.file("basics").skipped["title merged into another film"] == 1
    assert not Person.objects.filter(nconst="nm0000223").exists()
    assert sorted(Credit.objects.filter(person=cage).values_list("character", flat=True)) == [
        "Ben Sanderson",
        "Sera",
    ]
    assert report.file("names").skipped["person merged into another"] == 1
    response = client.get(f"/films/{heat_again.slug}/")
    assert (response.status_code, response["Location"]) == (301, heat.get_absolute_url())


def test_after_a_chain_of_merges_every_old_address_reaches_the_last_film_in_one_step(client):
    first, second, last = (FilmFactory(slug=slug) for slug in ("first", "second", "last"))
    merging.merge_films(second, [first])
    merging.merge_films(last, [second])
    for old in ("first", "second"):
        response = client.get(f"/films/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/films/last/")
    assert client.get("/films/last/").status_code == 200


def test_an_imdb_id_merged_away_twice_follows_the_last_merge():
    first_kept, second_kept = FilmFactory(tconst="tt0000010"), FilmFactory(tconst="tt0000020")
    merging.merge_films(first_kept, [FilmFactory(tconst="tt0000099")])
    # An editor gives the id, merged away already, to another film, which is merged too.
    merging.merge_films(second_kept, [FilmFactory(tconst="tt0000099")])
    assert MergedFilmId.objects.get(imdb_id="tt0000099").film == second_kept


def test_a_full_note_is_kept_whole_when_the_other_film_had_one_too():
    # The two joined were cut at 499 characters and ended with "…": the kept note lost its
    # last letter, and nothing of the other note was kept for it.
    kept, duplicate = FilmFactory(), FilmFactory()
    film_list = FilmListFactory()
    full = "a" * 499 + "z"
    FilmListEntryFactory(film_list=film_list, film=kept, position=1, note=full)
    FilmListEntryFactory(film_list=film_list, film=duplicate, position=2, note="Seen twice")
    merging.merge_films(kept, [duplicate])
    assert FilmListEntry.objects.get(film_list=film_list).note == full


def test_a_list_holding_three_merged_films_keeps_the_three_notes_in_order():
    kept, first, second = FilmFactory(), FilmFactory(), FilmFactory()
    film_list = FilmListFactory()
    for position, (film, note) in enumerate([(kept, "K"), (first, "A"), (second, "B")], 1):
        FilmListEntryFactory(film_list=film_list, film=film, position=position, note=note)
    merging.merge_films(kept, [first, second])
    entry = FilmListEntry.objects.get(film_list=film_list)
    assert (entry.film_id, entry.note, entry.position) == (kept.pk, "K A B", 1)
