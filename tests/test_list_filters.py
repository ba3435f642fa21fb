"""Filtered lists (films, a film's reviews, the watchlist, search): addresses without empty
parameters, a chip per filter in force, refused values as field errors, the filter panel."""

import django_filters
import pytest
from django.http import QueryDict
from django.urls import resolve, reverse

from catalog.models import Certificate, Film
from filmsite.lists.filters import active_filters
from filmsite.lists.queries import without_empty_parameters
from tests.factories import FilmFactory, GenreFactory, ReviewFactory, UserFactory
from tests.html_elements import attribute, find_all, has_attribute, text

pytestmark = pytest.mark.django_db

FILMS = reverse("catalog:film_list")


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("", None),
        ("genre=drama", None),
        ("year_from=&year_to=&decade=&genre=drama", "genre=drama"),
        (
            "sort=newest&genre=&genre=drama&year_from=1990&genre=&genre=comedy",
            "sort=newest&genre=drama&year_from=1990&genre=comedy",
        ),
        ("has_trailer&sort=title", "sort=title"),
        ("a=1&&b=2", "a=1&b=2"),
        ("q=caf%C3%A9+noir&x=", "q=caf%C3%A9+noir"),
        ("year_from=", ""),
    ],
)
def test_empty_parameters_are_dropped_keeping_the_rest_in_order_and_spelling(query, clean):
    assert without_empty_parameters(query) == clean


def test_a_film_list_asked_with_empty_parameters_redirects_to_the_clean_address(client):
    response = client.get(f"{FILMS}?year_from=&year_to=&decade=&genre=drama")
    assert response.status_code == 302
    assert response["Location"] == f"{FILMS}?genre=drama"


def test_the_redirect_keeps_the_sort_the_page_and_repeated_values(client):
    response = client.get(f"{FILMS}?sort=newest&certificate=&page=2&decade=&sort=title")
    assert response["Location"] == f"{FILMS}?sort=newest&page=2&sort=title"


def test_a_list_with_only_empty_parameters_redirects_to_the_bare_list(client):
    assert client.get(f"{FILMS}?genre=&sort=").headers["Location"] == FILMS


def test_a_clean_address_is_answered_not_redirected(client):
    assert client.get(f"{FILMS}?genre=drama").status_code == 200


def test_empty_search_redirects_to_the_search_page(client):
    response = client.get(reverse("catalog:search") + "?q=")
    assert response["Location"] == reverse("catalog:search")


def test_the_watchlist_drops_empty_parameters_too(client):
    client.force_login(UserFactory())
    url = reverse("library:watchlist")
    assert client.get(f"{url}?has_trailer=&sort=title")["Location"] == f"{url}?sort=title"


def test_the_page_cache_still_answers_the_wrapped_list_pages():
    # PageCacheMiddleware finds a page's cache by this attribute, before any view runs.
    for url in (FILMS, reverse("catalog:search"), "/films/some-film/reviews/"):
        page = resolve(url).func.cached_page  # type: ignore[attr-defined]
        assert page.name in {"film_list", "search", "film_reviews"}


def test_a_visitors_clean_page_is_cached_and_the_empty_spelling_still_redirects(client):
    FilmFactory()
    assert client.get(f"{FILMS}?sort=newest").status_code == 200
    assert client.get(f"{FILMS}?sort=newest").status_code == 200  # from the page cache
    for _ in range(2):  # a redirect is never kept as the page
        assert client.get(f"{FILMS}?sort=newest&genre=").status_code == 302


def test_a_reviews_page_keeps_its_cursor_through_the_redirect(client, monkeypatch):
    monkeypatch.setattr("reviews.views.FilmReviewListView.page_size", 2)
    film = FilmFactory()
    for _ in range(5):
        ReviewFactory(film=film)
    url = reverse("reviews:film_reviews", kwargs={"slug": film.slug})
    first = client.get(f"{url}?sort=newest")
    cursor = first.context["page"].next_cursor
    assert cursor
    response = client.get(f"{url}?sort=newest&rating=&after={cursor}&hide_spoilers=")
    assert response["Location"] == f"{url}?sort=newest&after={cursor}"
    second = client.get(response["Location"])
    assert second.status_code == 200
    assert not set(second.context["reviews"]) & set(first.context["reviews"])


@pytest.fixture
def catalog():
    drama = GenreFactory(name="Drama", slug="drama")
    heat = FilmFactory(title="Heat", year=1995, certificate="R")
    heat.genres.add(drama)
    FilmFactory(title="Big", year=1988, certificate="PG")
    return heat


def chips(html):
    found = find_all(html, "a", class_="filter-chip")
    return {text(chip).removesuffix(" \u00d7"): attribute(chip, "href") for chip in found}


def test_each_filter_in_force_is_a_chip_that_takes_only_it_off(client, catalog):
    html = client.get(
        f"{FILMS}?genre=drama&year_from=1990&sort=newest&has_trailer=on&page=1"
    ).content.decode()
    assert chips(html) == {
        "Remove the filter Genre: Drama": "?year_from=1990&sort=newest&has_trailer=on",
        "Remove the filter From year: 1990": "?genre=drama&sort=newest&has_trailer=on",
        "Remove the filter Has a trailer": "?genre=drama&year_from=1990&sort=newest",
    }
    (clear,) = find_all(html, "a", class_="filter-chips-clear")
    assert attribute(clear, "href") == "?sort=newest"


def test_following_a_chip_leaves_the_other_filters_in_force(client, catalog):
    html = client.get(f"{FILMS}?genre=drama&certificate=R").content.decode()
    remove_genre = chips(html)["Remove the filter Genre: Drama"]
    after = client.get(FILMS + remove_genre)
    assert after.status_code == 200
    assert list(chips(after.content.decode())) == ["Remove the filter Certificate: R"]
    assert [film.title for film in after.context["films"]] == ["Heat"]


def test_the_last_chip_leads_to_the_bare_list(client, catalog):
    html = client.get(f"{FILMS}?decade=1990").content.decode()
    assert chips(html) == {"Remove the filter Decade: 1990s": FILMS}
    assert not find_all(html, class_="filter-chips-clear")  # one chip is its own "clear"


def test_no_chips_without_filters_and_none_for_the_sort_or_an_unticked_box(client, catalog):
    html = client.get(f"{FILMS}?sort=newest&has_trailer=false").content.decode()
    assert not find_all(html, class_="filter-chips")


def test_a_refused_value_makes_no_chip_but_an_error(client, catalog):
    html = client.get(f"{FILMS}?year_from=1000&genre=drama").content.decode()
    assert list(chips(html)) == ["Remove the filter Genre: Drama"]
    assert find_all(html, "a", href="#id_year_from")


def test_reviews_chips_keep_the_sort_and_drop_the_cursor(client):
    film = ReviewFactory(rating=8).film
    url = reverse("reviews:film_reviews", kwargs={"slug": film.slug})
    html = client.get(f"{url}?sort=newest&rating=8&hide_spoilers=on").content.decode()
    assert chips(html) == {
        "Remove the filter Rating: 8": "?sort=newest&hide_spoilers=on",
        "Remove the filter Hide reviews with spoilers": "?sort=newest&rating=8",
    }


class CertificatesFilter(django_filters.FilterSet):
    certificate = django_filters.MultipleChoiceFilter(choices=Certificate.choices)

    class Meta:
        model = Film
        fields: list[str] = []


def test_a_chip_per_value_of_a_repeated_filter_each_taking_one_value_off():
    query = QueryDict("certificate=PG&sort=title&certificate=R&after=abc")
    filterset = CertificatesFilter(query, queryset=Film.objects.all())
    assert filterset.is_valid()
    found = [
        (chip.label, chip.remove_query.urlencode()) for chip in active_filters(filterset, query)
    ]
    assert found == [
        ("Certificate: PG", "certificate=R&sort=title"),
        ("Certificate: R", "certificate=PG&sort=title"),
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("year_from=1000", "year_from", "greater than or equal to 1870"),
        ("year_to=99999999999999999999", "year_to", "less than or equal to 2200"),
        ("min_rating=11", "min_rating", "less than or equal to 10"),
        ("decade=1700", "decade", "Select a valid choice."),
        ("sort=backwards", "sort", "Select a valid choice."),
    ],
)
def test_an_out_of_range_value_is_an_error_in_the_summary_and_beside_its_field(
    client, query, field, message
):
    response = client.get(f"{FILMS}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    (link,) = find_all(html, "a", href=f"#id_{field}")
    assert message in text(link)
    (control,) = find_all(html, id=f"id_{field}")
    assert attribute(control, "aria-invalid") == "true"
    assert message in text(find_all(html, id=f"id_{field}_error")[0])
    (panel,) = find_all(html, "details", class_="filter-panel")
    assert has_attribute(panel, "open")  # the field is shown, even on a phone


def test_an_out_of_range_rating_of_reviews_is_an_error_too(client):
    film = ReviewFactory().film
    url = reverse("reviews:film_reviews", kwargs={"slug": film.slug})
    response = client.get(f"{url}?rating=11")
    assert response.status_code == 200
    assert find_all(response.content.decode(), "a", href="#id_rating")


def test_the_filter_panel_is_closed_without_errors_and_names_itself(client, catalog):
    html = client.get(f"{FILMS}?genre=drama").content.decode()
    (panel,) = find_all(html, "details", class_="filter-panel")
    assert not has_attribute(panel, "open")
    (toggle,) = find_all(str(panel), "summary")
    assert text(toggle) == "Filter and sort films"
    assert find_all(str(panel), "form", method="get")
    assert not find_all(html, class_="error-summary")


def test_a_visitors_second_visit_to_a_list_is_answered_by_the_page_cache_in_one_query(
    client, django_assert_num_queries
):
    FilmFactory()
    client.get(f"{FILMS}?sort=newest")
    with django_assert_num_queries(1):  # the site's version, read by the middleware
        assert client.get(f"{FILMS}?sort=newest").status_code == 200


@pytest.mark.parametrize("films", [2, 30])
def test_chips_cost_no_query_whatever_the_number_of_films(
    client, django_assert_num_queries, fetch_raise, films
):
    drama = GenreFactory(name="Drama", slug="drama")
    for film in FilmFactory.create_batch(films, certificate="R"):
        film.genres.add(drama)
    query = f"{FILMS}?genre=drama&year_from=1990&certificate=R&decade=1990"
    # A visitor's first visit: the version, the genre the form reads, the films per genre,
    # the number of films, the genres of the menu, the page of films. No query per chip.
    with django_assert_num_queries(6):
        response = client.get(query)
    assert len(response.context["films"]) == films
    assert len(find_all(response.content.decode(), "a", class_="filter-chip")) == 4
