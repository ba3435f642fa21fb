"""Members get the film page's shared fragments, with their own parts rendered for them."""

import re

import pytest
from django.test import Client

from catalog.models import Film
from reviews.models import Review
from reviews.services import refresh_film_rating
from tests.factories import (
    CreditFactory,
    FilmFactory,
    ReviewFactory,
    TrailerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def film():
    film = FilmFactory(title="Leaving Las Vegas")
    CreditFactory(film=film, person__name="Nicolas Cage", character="Ben")
    TrailerFactory(film=film, title="Official trailer")
    for number in range(3):
        ReviewFactory(film=film, headline=f"Review number {number}", rating=number + 5)
    return Film.objects.get(pk=film.pk)


@pytest.fixture
def member(film):
    member = UserFactory(username="sera")
    ReviewFactory(film=film, author=member, headline="My own words", rating=9)
    refresh_film_rating(film.pk)  # the figures, as the services keep them
    return member


def member_client(member):
    client = Client()
    client.force_login(member)
    return client


def section(html, pattern):
    found = re.search(pattern, html, re.DOTALL)
    assert found, pattern
    return found.group(0)


SHARED = [
    r'<header class="film-header">.*?</header>',
    r'<section class="trailers".*?</section>',
    r'<section class="credits".*?</section>',
    r'<p class="user-rating".*?</table>',
] + [rf"<h3 class=\"review-headline\">Review number {n}</h3>.*?</div>" for n in range(3)]


def test_a_member_gets_the_fragments_a_visitor_gets_and_their_own_parts(client, film, member):
    visitor_html = client.get(film.get_absolute_url()).content.decode()
    member_html = member_client(member).get(film.get_absolute_url()).content.decode()
    for pattern in SHARED:
        assert section(member_html, pattern) == section(visitor_html, pattern)
    # Their own parts: their rating, their review first with its links, votes on others'.
    assert 'value="9" checked' in member_html
    own = section(member_html, r'<article class="review" id="review-\d+">.*?</article>')
    assert "My own words" in own
    assert ">Edit</a>" in own
    assert member_html.count('class="vote-form"') == 3
    assert "csrfmiddlewaretoken" in member_html
    assert "Edit your review" in member_html


def test_fragments_a_member_rendered_hold_nothing_of_theirs(client, film, member):
    member_client(member).get(film.get_absolute_url())  # renders and stores the fragments
    html = client.get(film.get_absolute_url()).content.decode()
    assert "Review number 0" in html
    for own in ("csrfmiddlewaretoken", "vote-form", "Edit your review", "Log out", ">Edit</a>"):
        assert own not in html, own


def test_a_members_repeat_visit_reads_and_renders_no_shared_fragment_again(
    film, member, django_assert_num_queries, fetch_raise
):
    reader = member_client(member)
    reader.get(film.get_absolute_url())
    # The first visit's queries less the five the fragments read (genres, the primary release,
    # credits with people, trailers, the public lists that include the film).
    with django_assert_num_queries(8):
        response = reader.get(film.get_absolute_url())
    assert "Nicolas Cage" in response.content.decode()
    assert "Official trailer" in response.content.decode()


def test_another_member_gets_the_same_fragments_with_their_own_parts(film, member):
    first = member_client(member).get(film.get_absolute_url()).content.decode()
    other = UserFactory(username="ben")
    second = member_client(other).get(film.get_absolute_url()).content.decode()
    for pattern in SHARED:
        assert section(second, pattern) == section(first, pattern)
    # Sera's review is one of the others' for Ben: shown, with a vote form, no edit link.
    assert second.count('class="vote-form"') == 4
    assert "Edit your review" not in second
    assert "Write a review" in second


def test_others_reviews_come_from_the_shared_fragment_on_a_repeat_visit(film, member):
    """Changed behind the versions' back (no bump), a review shows as stored: not rendered."""
    reader = member_client(member)
    reader.get(film.get_absolute_url())
    Review.objects.filter(headline="Review number 1").update(headline="Changed unseen")
    Review.objects.filter(headline="My own words").update(headline="My changed words")
    html = reader.get(film.get_absolute_url()).content.decode()
    assert "Review number 1" in html
    assert "Changed unseen" not in html
    assert "My changed words" in html  # the member's own review is rendered for them
