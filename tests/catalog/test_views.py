"""The film page and the film list, as a visitor's browser receives them."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reviews.services import refresh_film_rating
from tests.factories import (
    CreditFactory,
    FilmFactory,
    RatingFactory,
    ReleaseFactory,
    ReviewFactory,
    TrailerFactory,
    UserFactory,
)
from tests.html_text import visible_text
from tests.seed_page import read_seed_page

pytestmark = pytest.mark.django_db

# The page's version (the page cache's key); film, genres, releases, credits with people,
# trailers and their captions, other titles; the public lists that include the film; then the
# reviews section: the first few reviews with their authors (the histogram, counts and votes
# are stored on the film and the reviews).
FILM_PAGE_QUERIES = 10
# A film without trailers has no captions to read: Django skips a nested prefetch
# ("trailers__captions") when the level above found no rows. Two figures, not one, because
# making them one would cost a query: reading captions even when there are no trailers adds
# one to every trailerless film's page (every imported film, until an editor adds a trailer),
# and reading them with the trailers in one query would take a JSON aggregate written for
# each database. Each figure stays the same whatever the number of rows.
FILM_PAGE_QUERIES_WITHOUT_TRAILERS = FILM_PAGE_QUERIES - 1


def test_film_page_shows_every_part_of_the_seed_page_in_its_order(client, seed):
    page = read_seed_page()
    response = client.get(seed.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    # The heading is the seed's title exactly; the document title begins with it (then the
    # year and the site's name, for search results and browser tabs).
    assert re.search(rf"<h1>\s*{page.title}\s*</h1>", html)
    assert re.search(rf"<title>{page.title}\b[^<]*</title>", html)

    text = visible_text(html)
    expected_in_order = [
        page.title,
        page.facts_line,  # "R | 27 October 1995 (USA)"
        page.trailers_heading,
        page.plot,
        "Reviews",
    ]
    for author, body in page.reviews:
        opening = " ".join(body.split()[:20])
        expected_in_order += [author, opening, "... View More"]
    position = 0
    for part in expected_in_order:
        found = text.find(part, position)
        assert found != -1, f"{part[:60]!r} missing or out of order"
        position = found + len(part)


def test_film_page_cuts_every_seed_review_and_links_to_its_whole_text(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()
    reviews = seed.reviews.all()
    assert html.count(">View More</a>") == len(reviews) == 4
    for review in reviews:
        assert f'href="{review.get_absolute_url()}"' in html


def test_film_page_shows_cast_with_characters_and_director(client, seed):
    text = visible_text(client.get(seed.get_absolute_url()).content.decode())
    assert "Director Mike Figgis" in text
    for actor, character in [
        ("Nicolas Cage", "Ben Sanderson"),
        ("Elisabeth Shue", "Sera"),
        ("Julian Sands", "Yuri"),
    ]:
        assert f"{actor} as {character}" in text


def test_film_page_says_so_when_there_are_no_trailers(client, seed):
    text = visible_text(client.get(seed.get_absolute_url()).content.decode())
    assert "Leaving Las Vegas Trailers No trailers for Leaving Las Vegas yet." in text


def test_trailer_is_a_local_still_with_a_play_link_and_no_request_to_the_video_host(client):
    trailer = TrailerFactory(url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", title="Teaser")
    html = client.get(trailer.film.get_absolute_url()).content.decode()
    assert '<a class="trailer-facade" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert "Play trailer" in html
    assert "<iframe" not in html
    # Nothing on the page loads from anywhere but this site until the visitor clicks.
    assert not re.search(r'(src|srcset|poster)="https?://', html)
    assert "No trailers" not in html


def test_short_review_is_shown_whole_without_view_more(client):
    review = ReviewFactory(body="Short and sweet.")
    html = client.get(review.film.get_absolute_url()).content.decode()
    assert "Short and sweet." in html
    assert "View More" not in html


def test_review_text_is_escaped_never_rendered_as_markup(client):
    payload = '<script>alert("x")</script> <img src=x onerror=alert(1)> &amp; ' + "word " * 150
    review = ReviewFactory(body=payload)
    html = client.get(review.film.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp;amp;" in html


def test_film_without_certificate_or_release_omits_the_facts_line(client):
    film = FilmFactory(certificate="")
    html = client.get(film.get_absolute_url()).content.decode()
    assert "film-facts" not in html


def test_missing_film_is_a_404_in_the_site_look(client):
    response = client.get("/films/no-such-film-1999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def _film_with(reviews, credits):
    film = FilmFactory()
    ReleaseFactory(film=film)
    TrailerFactory(film=film)
    CreditFactory.create_batch(credits, film=film)
    ReviewFactory.create_batch(reviews, film=film)
    return film


@pytest.mark.parametrize(("reviews", "credits"), [(4, 3), (200, 100)])
def test_film_page_query_count_does_not_grow_with_reviews_or_credits(
    client, django_assert_num_queries, fetch_raise, reviews, credits
):
    film = _film_with(reviews=reviews, credits=credits)
    with django_assert_num_queries(FILM_PAGE_QUERIES):
        response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="review"') == min(reviews, 5)


def test_film_list_links_to_each_film(client, seed):
    other = FilmFactory(title="Heat")
    html = client.get(reverse("catalog:film_list")).content.decode()
    assert f'href="{seed.get_absolute_url()}"' in html
    assert f'href="{other.get_absolute_url()}"' in html


def test_film_header_shows_year_runtime_genres_and_user_rating_as_stars(client, seed):
    RatingFactory(film=seed, score=7)
    RatingFactory(film=seed, score=8)
    refresh_film_rating(seed.pk)
    html = client.get(seed.get_absolute_url()).content.decode()
    header = re.search(r'<header class="film-header">.*?</header>', html, re.S).group(0)
    text = visible_text(header)
    assert "Leaving Las Vegas R | 27 October 1995 (USA) 1995 Drama" in text
    assert "User rating 7.5/10 from 2 ratings" in text
    assert 'aria-label="User rating 7.5 out of 10"' in header
    assert "IMDb" not in text  # the seed has no IMDb figures


def test_imported_film_header_shows_imdbs_rating_and_votes_as_imdbs(client):
    film = FilmFactory(
        title="Quiet Hours",
        certificate="",
        plot="",
        year=1987,
        runtime_minutes=112,
        imdb_rating=Decimal("7.9"),
        imdb_votes=151_365,
    )
    html = client.get(film.get_absolute_url()).content.decode()
    text = visible_text(html)
    assert "Quiet Hours 1987 112 min IMDb rating 7.9/10 from 151,365 IMDb votes" in text
    assert "User rating" not in text.partition("Trailers")[0]  # nobody has rated it here
    # Sections with nothing to show are one quiet line each, the trailers heading kept.
    assert "Quiet Hours Trailers No trailers for Quiet Hours yet." in text
    assert 'class="plot"' not in html
    assert 'class="credits"' not in html


def test_film_header_and_poster_are_the_same_for_a_member_as_for_a_visitor(client, seed):
    visitor = client.get(seed.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    member = client.get(seed.get_absolute_url()).content.decode()
    for pattern in [
        r'<header class="film-header">.*?</header>',
        r'<div class="film-poster">.*?</div>',
    ]:
        assert re.search(pattern, member, re.S).group(0) == re.search(pattern, visitor, re.S).group(
            0
        )
