"""Admin change lists at catalog scale: capped counts, searches that never join, filters as
semi-joins, and a query count that does not grow with the rows listed."""

import re
import sqlite3
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from catalog.models import Credit, Film, Person
from filmsite.library.models import ListReport
from filmsite.lists import changelists
from filmsite.moderation import services as moderation
from filmsite.moderation.models import ModerationAction
from reviews import services
from reviews.models import Report, Review
from tests.factories import (
    CreditFactory,
    FilmFactory,
    FilmListEntryFactory,
    FilmListFactory,
    GenreFactory,
    PersonFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "catalog.film",
    "catalog.person",
    "catalog.credit",
    "reviews.review",
    "reviews.report",
    "library.filmlist",
]
# Moderation's own change lists, filled by `grow_moderation`.
MODERATION_CHANGELISTS = ["moderation.moderationaction", "reviews.appeal", "moderation.suspension"]


def changelist(model: str) -> str:
    app_label, model_name = model.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def listed(response) -> list:
    return list(response.context["cl"].result_list)


def grow_catalog(films: int) -> None:
    for _ in range(films):
        film = FilmFactory()
        CreditFactory(film=film, kind=Credit.Kind.DIRECTOR, character="")
        CreditFactory(film=film, character="Someone")
        review = ReviewFactory(film=film)
        Report.objects.create(review=review, reason=Report.Reason.SPAM)


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_the_rows(admin_client, model):
    grow_catalog(2)
    admin_client.get(changelist(model))  # the first page after log-in stamps the session
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(changelist(model)).status_code == 200
    grow_catalog(6)
    with CaptureQueriesContext(connection) as more:
        assert admin_client.get(changelist(model)).status_code == 200
    assert len(more) == len(few)


@pytest.mark.parametrize("model", CHANGELISTS + MODERATION_CHANGELISTS)
def test_each_row_links_to_its_own_change_page_keeping_the_filters(admin_client, model):
    grow_catalog(2)
    grow_moderation(2)
    FilmListEntryFactory.create_batch(2)
    response = admin_client.get(changelist(model), {"o": "1"})
    rows = listed(response)
    assert rows
    page = response.content.decode()
    app_label, model_name = model.split(".")
    for row in rows:
        url = reverse(f"admin:{app_label}_{model_name}_change", args=[row.pk])
        assert f'href="{url}?_changelist_filters=o%3D1"' in page


def test_a_popups_row_links_are_djangos_own(admin_client):
    film = FilmFactory()
    params = {"_popup": "1", "_to_field": "id", "o": "1"}
    response = admin_client.get(changelist("catalog.film"), params)
    assert listed(response) == [film]
    filters = urlencode({"_changelist_filters": urlencode(params)})
    url = reverse("admin:catalog_film_change", args=[film.pk])
    expected = add_preserved_filters({"preserved_filters": filters, "opts": Film._meta}, url)
    assert f'href="{escape(expected)}" data-popup-opener="{film.pk}"' in response.content.decode()


def test_a_rows_link_keeps_a_search_of_any_characters_as_django_would(admin_client):
    query = 'Ça & co/50% +1 "quoted"'
    film = FilmFactory(title='Ça & co/50% +1 "quoted"')
    response = admin_client.get(changelist("catalog.film"), {"q": query})
    assert listed(response) == [film]
    filters = urlencode({"_changelist_filters": urlencode({"q": query})})
    url = reverse("admin:catalog_film_change", args=[film.pk])
    expected = add_preserved_filters({"preserved_filters": filters, "opts": Film._meta}, url)
    assert f'href="{escape(expected)}"' in response.content.decode()


def test_count_stops_at_the_cap_and_says_so(admin_client, monkeypatch):
    monkeypatch.setattr(changelists, "COUNT_CAP", 3)
    monkeypatch.setattr("catalog.admin.FilmAdmin.list_per_page", 2)
    FilmFactory.create_batch(5)
    response = admin_client.get(changelist("catalog.film"))
    html = response.content.decode()
    assert "more than 3 films" in html
    assert "Select all matching films (more than 3)" in html
    assert "5 films" not in html


def test_count_under_the_cap_is_exact(admin_client, monkeypatch):
    monkeypatch.setattr("catalog.admin.FilmAdmin.list_per_page", 2)
    FilmFactory.create_batch(4)
    html = admin_client.get(changelist("catalog.film")).content.decode()
    assert "4 films" in html
    assert "Select all 4 films" in html


def test_pages_stop_where_the_capped_rows_end(admin_client, monkeypatch):
    monkeypatch.setattr(changelists, "COUNT_CAP", 4)
    monkeypatch.setattr("catalog.admin.FilmAdmin.list_per_page", 2)
    FilmFactory.create_batch(9)
    assert admin_client.get(changelist("catalog.film"), {"p": 2}).status_code == 200
    # Page 3 lies beyond the counted rows: the admin's answer to a bad page, not a deep OFFSET.
    response = admin_client.get(changelist("catalog.film"), {"p": 3})
    assert response.status_code == 302
    assert "e=1" in response["Location"]


def test_search_escapes_like_wildcards(admin_client):
    percent = FilmFactory(title="100% Arabica")
    FilmFactory(title="100 Arabica")
    FilmFactory(title="A_B")
    response = admin_client.get(changelist("catalog.film"), {"q": "100%"})
    assert listed(response) == [percent]
    assert listed(admin_client.get(changelist("catalog.film"), {"q": "_"})) == [
        Film.objects.get(title="A_B")
    ]


def test_search_is_case_insensitive(admin_client):
    film = FilmFactory(title="Leaving Las Vegas")
    FilmFactory(title="Heat")
    assert listed(admin_client.get(changelist("catalog.film"), {"q": "LAS vegas"})) == [film]


def test_every_word_must_match_some_field(admin_client):
    both = FilmFactory(title="Las Vegas", original_title="Leaving")
    FilmFactory(title="Las Palmas", original_title="")
    response = admin_client.get(changelist("catalog.film"), {"q": "las leaving"})
    assert listed(response) == [both]


def test_reviews_are_found_by_their_films_title_without_duplicates(admin_client):
    film = FilmFactory(title="Zabriskie Point")
    mine = ReviewFactory.create_batch(3, film=film, headline="Fine")
    ReviewFactory(headline="Zabriskie is mentioned elsewhere")
    ReviewFactory(headline="Unrelated")
    response = admin_client.get(changelist("reviews.review"), {"q": "zabriskie"})
    found = listed(response)
    assert len(found) == len(set(found)) == 4
    assert set(mine) < set(found)


@pytest.mark.parametrize("array_cap", [100_000, 1], ids=["ids as an array", "past it"])
def test_search_through_a_relation_past_the_id_list_cap_is_still_complete(
    admin_client, monkeypatch, array_cap
):
    monkeypatch.setattr(changelists, "RELATED_IDS_CAP", 1)
    monkeypatch.setattr(changelists, "ARRAY_IDS_CAP", array_cap)
    films = [FilmFactory(title=f"Tarkovsky {n}") for n in range(3)]
    reviews = [ReviewFactory(film=film) for film in films]
    ReviewFactory()
    found = listed(admin_client.get(changelist("reviews.review"), {"q": "tarkovsky"}))
    assert sorted(found, key=lambda review: review.pk) == reviews


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ids as a PostgreSQL array")
def test_a_common_word_searches_the_related_table_once_per_page(admin_client, monkeypatch):
    monkeypatch.setattr(changelists, "RELATED_IDS_CAP", 1)
    films = [FilmFactory(title=f"Tarkovsky {n}") for n in range(3)]
    reviews = [ReviewFactory(film=film) for film in films]
    with CaptureQueriesContext(connection) as queries:
        found = listed(admin_client.get(changelist("reviews.review"), {"q": "tarkovsky"}))
    assert sorted(found, key=lambda review: review.pk) == reviews
    title_searches = [
        query["sql"]
        for query in queries.captured_queries
        if re.search(r'"title" ILIKE \'%tarkovsky%\'', query["sql"])
    ]
    assert len(title_searches) == 1
    assert "ORDER BY" not in title_searches[0]


@pytest.fixture
def sqlites_default_parameter_limit():
    """SQLite's own limit on a query's parameters, 32,766 (Debian builds it with 250,000)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    limit = sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
    was = connection.connection.getlimit(limit)
    connection.connection.setlimit(limit, 32_766)
    yield
    connection.connection.setlimit(limit, was)


@pytest.mark.usefixtures("sqlites_default_parameter_limit")
def test_many_words_each_matching_a_thousand_related_rows_are_answered(admin_client):
    # As plain lists of ids, forty such words passed SQLite's 32,766 parameters: a 500.
    people = PersonFactory.create_batch(2, name="Anna Karina")
    Person.objects.bulk_create(Person(name=f"Anna {n}", slug=f"anna-{n}") for n in range(998))
    credits = [CreditFactory(person=person) for person in people]
    found = listed(admin_client.get(changelist("catalog.credit"), {"q": "anna " * 40}))
    assert sorted(found, key=lambda credit: credit.pk) == credits


def test_a_word_said_again_is_searched_once(admin_client):
    review = ReviewFactory(film=FilmFactory(title="Tarkovsky"))
    admin_client.get(changelist("reviews.review"))  # the first page after log-in stamps it
    with CaptureQueriesContext(connection) as once:
        found = listed(admin_client.get(changelist("reviews.review"), {"q": "tarkovsky"}))
    with CaptureQueriesContext(connection) as thrice:
        again = listed(
            admin_client.get(changelist("reviews.review"), {"q": "tarkovsky 'tarkovsky' tarkovsky"})
        )
    assert found == again == [review]
    assert len(thrice) == len(once)


def test_reviews_are_found_by_their_authors_exact_name(admin_client):
    author = UserFactory(username="cinephile")
    theirs = ReviewFactory(author=author)
    ReviewFactory(author=UserFactory(username="cinephile2"))
    found = listed(admin_client.get(changelist("reviews.review"), {"q": "cinephile"}))
    assert found == [theirs]


def test_reviews_are_listed_newest_first(admin_client):
    older, newer = ReviewFactory(), ReviewFactory()
    assert listed(admin_client.get(changelist("reviews.review")))[:2] == [newer, older]


def test_open_reports_filter_and_column(admin_client):
    reported, dismissed, quiet = ReviewFactory(), ReviewFactory(), ReviewFactory()
    Report.objects.create(review=reported, reason=Report.Reason.SPAM)
    Report.objects.create(review=reported, reason=Report.Reason.ABUSE)
    Report.objects.create(
        review=dismissed, reason=Report.Reason.SPAM, status=Report.Status.DISMISSED
    )
    open_only = listed(admin_client.get(changelist("reviews.review"), {"reports": "open"}))
    assert open_only == [reported]
    assert open_only[0].open_reports == 2
    none_open = listed(admin_client.get(changelist("reviews.review"), {"reports": "none"}))
    assert set(none_open) == {dismissed, quiet}
    assert {review.open_reports for review in none_open} == {0}


def test_hidden_filter_lists_hidden_reviews(admin_client):
    hidden, shown = ReviewFactory(), ReviewFactory()
    services.set_hidden(Review.objects.filter(pk=hidden.pk), hidden=True)
    found = listed(admin_client.get(changelist("reviews.review"), {"is_hidden__exact": "1"}))
    assert found == [hidden]
    assert shown not in found


def test_genre_filter_lists_each_film_once(admin_client):
    drama, crime = GenreFactory(name="Drama", slug="drama"), GenreFactory(name="Crime")
    both, only_drama, only_crime = FilmFactory.create_batch(3)
    both.genres.set([drama, crime])
    only_drama.genres.set([drama])
    only_crime.genres.set([crime])
    found = listed(admin_client.get(changelist("catalog.film"), {"genre": "drama"}))
    assert sorted(found, key=lambda film: film.pk) == [both, only_drama]


def test_people_filtered_by_credit_kind_are_listed_once(admin_client):
    director = PersonFactory(name="Mike Figgis")
    CreditFactory(person=director, kind=Credit.Kind.DIRECTOR, character="")
    CreditFactory(person=director, kind=Credit.Kind.DIRECTOR, character="")
    CreditFactory(person=PersonFactory(name="Nicolas Cage"), character="Ben")
    found = listed(admin_client.get(changelist("catalog.person"), {"credited_as": "director"}))
    assert found == [director]


def test_credits_are_found_by_person_film_or_character(admin_client):
    cage = PersonFactory(name="Nicolas Cage")
    credit = CreditFactory(person=cage, character="Ben Sanderson")
    other = CreditFactory(character="Sera")
    for term in ("cage", "sanderson", credit.film.title.split()[0]):
        found = listed(admin_client.get(changelist("catalog.credit"), {"q": term}))
        assert credit in found
        assert other not in found or term == credit.film.title.split()[0]


def test_a_hostile_search_is_answered(admin_client):
    FilmFactory()
    for term in ("'", '"', "%%%", "\\", "a" * 500, "' OR 1=1 --", '"unterminated'):
        for model in CHANGELISTS + MODERATION_CHANGELISTS:
            assert admin_client.get(changelist(model), {"q": term}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram indexes")
@pytest.mark.parametrize(
    ("model", "field", "index"),
    [
        (Film, "title", "film_title_trgm_idx"),
        (Review, "headline", "review_headline_trgm_idx"),
        (ModerationAction, "target_text", "modaction_target_trgm_idx"),
        (ModerationAction, "moderator_name", "modaction_name_trgm_idx"),
    ],
)
def test_ilike_search_can_use_the_trigram_index(model, field, index):
    queryset = model.objects.order_by().filter(**{f"{field}__ilike": "vegas"})
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert index in plan


def grow_moderation(members: int) -> None:
    """Per member: a review hidden (logged), its appeal, a suspension (logged)."""
    for _ in range(members):
        review = ReviewFactory()
        Report.objects.create(review=review, reason=Report.Reason.SPAM)
        services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True, reason="Spam")
        services.appeal(review=review, author=review.author, text="Please.")
        ends = timezone.now() + timedelta(days=7)
        moderation.suspend(member=review.author, ends=ends, reason="Spam.", moderator=None)


@pytest.mark.parametrize("model", MODERATION_CHANGELISTS)
def test_moderation_changelist_queries_do_not_grow_with_the_rows(admin_client, model):
    grow_moderation(2)
    admin_client.get(changelist(model))  # the first page after log-in stamps the session
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get(changelist(model))
    assert len(listed(response)) >= 2
    grow_moderation(6)
    with CaptureQueriesContext(connection) as more:
        assert len(listed(admin_client.get(changelist(model)))) >= 8
    assert len(more) == len(few)


def change_form(model: str, pk: int) -> str:
    return reverse(f"admin:{model.replace('.', '_')}_change", args=[pk])


def test_film_change_form_queries_do_not_grow_with_its_credits(admin_client):
    film = FilmFactory()
    CreditFactory.create_batch(2, film=film)
    admin_client.get(change_form("catalog.film", film.pk))  # caches filled once a process
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(change_form("catalog.film", film.pk)).status_code == 200
    CreditFactory.create_batch(6, film=film)
    with CaptureQueriesContext(connection) as more:
        response = admin_client.get(change_form("catalog.film", film.pk))
    assert len(more) == len(few)
    # Each credit's person is still shown, selected, in its autocomplete.
    html = response.content.decode()
    for credit in film.credits.select_related("person"):
        assert f'<option value="{credit.person.pk}" selected>' in html


def test_review_change_form_queries_do_not_grow_with_its_reports(admin_client):
    review = ReviewFactory()
    for _ in range(2):
        Report.objects.create(review=review, reporter=UserFactory(), reason=Report.Reason.SPAM)
    admin_client.get(change_form("reviews.review", review.pk))  # caches filled once a process
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(change_form("reviews.review", review.pk)).status_code == 200
    for _ in range(5):
        Report.objects.create(review=review, reporter=UserFactory(), reason=Report.Reason.SPAM)
    with CaptureQueriesContext(connection) as more:
        assert admin_client.get(change_form("reviews.review", review.pk)).status_code == 200
    assert len(more) == len(few)


def test_list_change_form_queries_do_not_grow_with_its_films_or_reports(admin_client):
    film_list = FilmListFactory()
    FilmListEntryFactory(film_list=film_list)
    ListReport.objects.create(film_list=film_list, reporter=UserFactory(), reason="spam")
    admin_client.get(change_form("library.filmlist", film_list.pk))  # caches filled once
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(change_form("library.filmlist", film_list.pk)).status_code == 200
    FilmListEntryFactory.create_batch(4, film_list=film_list)
    for _ in range(3):
        ListReport.objects.create(film_list=film_list, reporter=UserFactory(), reason="spam")
    with CaptureQueriesContext(connection) as more:
        assert admin_client.get(change_form("library.filmlist", film_list.pk)).status_code == 200
    assert len(more) == len(few)
