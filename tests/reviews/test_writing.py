"""Writing, editing and deleting reviews, and everything a hostile or careless visitor sends."""

import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from reviews import services
from reviews.forms import ReviewForm
from reviews.models import BODY_MAX_LENGTH, Rating, Review
from tests.factories import FilmFactory, ReviewFactory, UserFactory, staff_member
from tests.html_text import visible_text
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db

BODY = "A long, honest and careful review of this film. " * 3


@pytest.fixture
def viewer(client):
    user = UserFactory(username="viewer")
    client.force_login(user)
    return user


@pytest.fixture
def film():
    return FilmFactory(title="Heat")


def create_url(film):
    return reverse("reviews:review_create", args=[film.slug])


def post_review(client, film, **fields):
    data = {"rating": 8, "headline": "", "body": BODY, **fields}
    return client.post(create_url(film), data)


def test_anonymous_visitor_is_sent_to_log_in_and_back(client, film):
    response = client.get(create_url(film))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={create_url(film)}"


def test_anonymous_post_writes_nothing(client, film):
    response = post_review(client, film)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Review.objects.exists()


def test_form_states_its_limits_and_offers_ten_ratings_as_a_radio_group(client, viewer, film):
    html = client.get(create_url(film)).content.decode()
    assert "Between 20 and 20,000 characters." in html
    assert "<legend>Your rating (optional):</legend>" in html
    assert html.count('type="radio" name="rating"') == 10
    assert 'name="contains_spoilers"' in html


def test_a_review_may_leave_the_film_unrated(client, viewer, film):
    post_review(client, film, rating="")
    review = Review.objects.get()
    assert review.rating is None
    assert not Rating.objects.exists()
    film.refresh_from_db()
    assert (film.user_review_count, film.user_rating_count) == (1, 0)


def test_posting_a_review_redirects_to_the_film_with_a_confirmation(client, viewer, film):
    response = post_review(client, film, headline="Tense", contains_spoilers="")
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{film.get_absolute_url()}#review-{review.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Thank you: your review is published." in page
    assert "Tense" in page
    assert (review.author, review.rating, review.headline) == (viewer, 8, "Tense")


def test_posting_updates_the_films_average_and_histogram(client, viewer, film):
    ReviewFactory(film=film, rating=6)
    ReviewFactory(film=film, rating=None)
    post_review(client, film, rating=9)
    film.refresh_from_db()
    assert (film.user_rating_count, film.user_rating_average) == (2, Decimal("7.50"))
    text = visible_text(client.get(film.get_absolute_url()).content.decode())
    assert "User rating 7.5/10 from 2 ratings" in text


def test_second_review_of_the_same_film_leads_to_editing_the_first(client, viewer, film):
    post_review(client, film)
    first = Review.objects.get()
    response = post_review(client, film, body="A second attempt at a review, long enough.")
    assert response["Location"] == reverse("reviews:review_update", args=[first.pk])
    assert Review.objects.count() == 1
    assert Review.objects.get().body == BODY.strip()
    page = client.get(create_url(film), follow=True).content.decode()
    assert "You have already reviewed Heat; you can edit it here." in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": ""}, "This field is required."),
        ({"body": "Too short."}, "Write at least 20 characters"),
        ({"body": "x" * (BODY_MAX_LENGTH + 1)}, "Keep it to 20,000 characters"),
        ({"body": "A fine film\x00 with a NUL byte inside."}, "Null characters are not allowed."),
        ({"rating": 0}, "Choose a rating from 1 to 10."),
        ({"rating": 11}, "Choose a rating from 1 to 10."),
        ({"rating": "ten"}, "Choose a rating from 1 to 10."),
        ({"headline": "h" * 201}, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(client, viewer, film, fields, message):
    response = post_review(client, film, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_missing_film_is_a_404(client, viewer):
    assert client.get("/films/no-such-film/reviews/new/").status_code == 404
    assert client.post("/films/no-such-film/reviews/new/", {"body": BODY}).status_code == 404


def test_post_without_csrf_token_is_refused_and_writes_nothing(film):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(create_url(film), {"rating": 8, "body": BODY})
    assert response.status_code == 403
    assert "This form could not be sent" in response.content.decode()
    assert not Review.objects.exists()


def test_author_edits_their_review_and_the_average_follows(client, viewer, film):
    review = ReviewFactory(film=film, author=viewer, rating=4)
    url = reverse("reviews:review_update", args=[review.pk])
    response = client.post(url, {"rating": 10, "headline": "Changed my mind", "body": BODY})
    assert response.status_code == 302
    review.refresh_from_db()
    film.refresh_from_db()
    assert (review.rating, review.headline) == (10, "Changed my mind")
    assert film.user_rating_average == Decimal("10.00")


def test_delete_asks_for_confirmation_then_deletes(client, viewer, film):
    review = ReviewFactory(film=film, author=viewer, rating=4)
    url = reverse("reviews:review_delete", args=[review.pk])
    assert "Delete your review of Heat?" in client.get(url).content.decode()
    assert Review.objects.exists()
    response = client.post(url)
    assert response["Location"] == film.get_absolute_url()
    assert not Review.objects.exists()
    film.refresh_from_db()
    # The rating stays, as a rating without text.
    assert (film.user_review_count, film.user_rating_count) == (0, 1)
    assert film.user_rating_average == 4


@pytest.mark.parametrize("action", ["review_update", "review_delete"])
def test_another_users_review_cannot_be_edited_or_deleted(client, viewer, action):
    review = ReviewFactory(body=BODY)
    url = reverse(f"reviews:{action}", args=[review.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"rating": 1, "body": "Vandalised by someone else here."}).status_code
        == 403
    )
    review.refresh_from_db()
    assert review.body == BODY


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(is_staff=True),
        lambda: staff_member("Editors"),
        lambda: staff_member("Moderators"),
        lambda: UserFactory(is_staff=True, is_superuser=True),
    ],
    ids=["staff", "editor", "moderator", "superuser"],
)
def test_nobody_but_the_author_can_rewrite_a_review(client, make_user):
    review = ReviewFactory(rating=5, body="The author's own words, kept as written.")
    log_in_staff(client, make_user())
    url = reverse("reviews:review_update", args=[review.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"rating": 1, "body": "Rewritten by someone else entirely."})
    assert response.status_code == 403
    review.refresh_from_db()
    assert (review.rating, review.body) == (5, "The author's own words, kept as written.")


def test_edit_links_appear_only_for_the_author(client, viewer, film):
    mine = ReviewFactory(film=film, author=viewer)
    theirs = ReviewFactory(film=film)
    html = client.get(film.get_absolute_url()).content.decode()
    assert reverse("reviews:review_update", args=[mine.pk]) in html
    assert reverse("reviews:review_update", args=[theirs.pk]) not in html
    assert "Edit your review" in html


# From the OWASP XSS filter evasion cheat sheet.
XSS_PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<svg/onload=alert('XSS')>",
    '"><script>alert(document.cookie)</script>',
    "<iframe src=javascript:alert('XSS')></iframe>",
    "<a href=\"javascript:alert('XSS')\">click</a>",
    "<BODY ONLOAD=alert('XSS')>",
]


class _ActiveMarkup(HTMLParser):
    """Collects what a browser would act on: scripts, event handlers, javascript: URLs.

    A JSON-LD block (`type="application/ld+json"`) is data a browser never runs; it passes if
    it holds one whole JSON document, so text that broke out of it would still be found.
    """

    def __init__(self):
        super().__init__()
        self.found = []
        self._json = None

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._json = []
        elif tag == "script" and not dict(attrs).get("src"):
            self.found.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._json is not None:
            try:
                json.loads("".join(self._json))
            except ValueError:
                self.found.append("a JSON-LD block that is not JSON")
            self._json = None


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_rendered_inert_everywhere_the_review_appears(client, viewer, payload):
    film = FilmFactory()
    body = f"Opening words of the review. {payload} " + "filler " * 120
    post_review(client, film, headline=payload, body=body)
    review = Review.objects.get()
    for url in (
        film.get_absolute_url(),
        review.get_absolute_url(),
        reverse("reviews:film_reviews", args=[film.slug]),
        reverse("profile", args=[viewer.username]),
    ):
        html = client.get(url).content.decode()
        assert payload not in html, url
        assert escape(payload) in html, url
        parser = _ActiveMarkup()
        parser.feed(html)
        assert parser.found == [], url


def test_line_breaks_become_paragraphs_and_urls_stay_text(client, viewer, film):
    body = "First paragraph about the film.\n\nSecond one, see https://example.org/page here."
    post_review(client, film, body=body)
    html = client.get(Review.objects.get().get_absolute_url()).content.decode()
    assert "<p>First paragraph about the film.</p>" in html
    assert "<p>Second one, see https://example.org/page here.</p>" in html
    assert 'href="https://example.org/page"' not in html


def test_spoiler_review_is_hidden_behind_a_warning_until_asked_for(client, viewer, film):
    post_review(
        client, film, body="The twist is that he was dead all along, truly.", contains_spoilers="on"
    )
    for url in (film.get_absolute_url(), Review.objects.get().get_absolute_url()):
        html = client.get(url).content.decode()
        warning = html.index("Spoiler warning")
        assert html.rfind("<details", 0, warning) != -1
        assert html.index("The twist is") > warning
        assert "The twist is" not in visible_text(html.replace("<details", "<details hidden"))


def test_edit_of_a_review_deleted_in_another_tab_is_a_404_that_says_so(
    client, viewer, film, monkeypatch
):
    review = ReviewFactory(film=film, author=viewer, rating=4)
    url = reverse("reviews:review_update", args=[review.pk])
    assert client.get(url).status_code == 200
    form_is_valid = ReviewForm.is_valid

    def deleted_meanwhile(form):
        # The other tab's delete commits after this request loaded the review.
        Review.objects.filter(pk=review.pk).delete()
        return form_is_valid(form)

    monkeypatch.setattr(ReviewForm, "is_valid", deleted_meanwhile)
    response = client.post(url, {"rating": 10, "headline": "Changed my mind", "body": BODY})
    assert response.status_code == 404
    assert "This review has been deleted." in response.content.decode()
    assert not Review.objects.exists()
    film.refresh_from_db()
    assert film.user_rating_count == 0


def test_edit_posted_after_the_review_was_deleted_is_a_plain_404(client, viewer, film):
    review = ReviewFactory(film=film, author=viewer, rating=4)
    url = reverse("reviews:review_update", args=[review.pk])
    assert client.get(url).status_code == 200
    review.delete()
    response = client.post(url, {"rating": 10, "body": BODY})
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is no page at this address." in page
    assert "No Review matches" not in page  # Django's message for logs, not for visitors


def test_updating_a_deleted_review_raises_review_gone_and_writes_nothing(film):
    review = ReviewFactory(film=film, rating=4)
    Review.objects.filter(pk=review.pk).delete()
    with pytest.raises(services.ReviewGone):
        services.update_review(review, rating=10)
    assert not Review.objects.exists()
