"""Every hostile class of value, sent to every parameter of every form and query endpoint.

Each case replaces one parameter of an otherwise valid request with a hostile value (NUL and
control characters, 100,000 characters, out-of-range and wrong-type numbers, invalid UTF-8
percent-encoded and raw, the key repeated, empty, missing), and each endpoint also gets bodies
in other charsets. No answer may be a 5xx; a write that is refused (any answer but a redirect
without an error message; a 429 counts as a refusal) changes nothing stored; and no NUL is
ever stored. Runs on SQLite and PostgreSQL (which refuses NUL in a query).
"""

from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import caches
from django.db import transaction
from django.template.base import Template
from django.test import Client
from django_tasks_db.models import DBTaskResult

from catalog.models import Film, Genre
from filmsite.library.models import FilmList, FilmListEntry, ListReport, WatchlistEntry
from reviews.models import HelpfulVote, Rating, Report, Review
from tests.factories import (
    FilmFactory,
    FilmListEntryFactory,
    FilmListFactory,
    GenreFactory,
    ReviewFactory,
    UserFactory,
)
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "another-long-passphrase-77"
BODY = "A long, honest and careful review of this film. " * 3

# Values as text; each is sent percent-encoded as UTF-8, as a browser sends it.
HOSTILE_TEXT = {
    "nul": "1\x00",
    "control": "1\x01\x1b\x7f",
    "overlong": "9" * 100_000,
    "huge number": "99999999999999999999",
    "negative": "-1",
    "wrong type": "abc",
    "not a number": "NaN",
    "superscript digit": "²",
    "empty": "",
}
# Values as bytes, for what a browser never sends: invalid UTF-8.
HOSTILE_BYTES = {
    "invalid UTF-8, percent-encoded": b"%FF%FE1",
    "invalid UTF-8, raw": b"\xff\xfe1",
}
HOSTILE_CLASSES = [*HOSTILE_TEXT, *HOSTILE_BYTES, "repeated", "missing"]
OTHER_CHARSETS = ["utf-16", "utf-32", "latin-1", "bogus"]
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Endpoint:
    """A page that takes parameters: its address, its valid parameters, and who sends them.

    `url` names an address in `Site` (below); `params` maps each parameter to a valid value.
    """

    name: str
    method: str
    url: str
    params: dict[str, str] = field(default_factory=dict)
    visitor: str = "anonymous"  # or "member", "staff"


ENDPOINTS = [
    Endpoint(
        "film list",
        "GET",
        "film_list",
        {
            "genre": "drama",
            "year_from": "1990",
            "year_to": "2000",
            "decade": "1990",
            "certificate": "R",
            "min_rating": "5",
            "has_trailer": "on",
            "sort": "newest",
            "page": "1",
        },
    ),
    Endpoint(
        "reviews list",
        "GET",
        "film_reviews",
        {"sort": "newest", "rating": "8", "hide_spoilers": "on", "page": "1"},
    ),
    Endpoint("search", "GET", "search", {"q": "Heat"}),
    Endpoint("profile", "GET", "profile", {"page": "1"}),
    Endpoint(
        "film admin",
        "GET",
        "film_admin",
        {
            "q": "Heat",
            "status__exact": "published",
            "genres__id__exact": "1",
            "certificate__exact": "R",
            "decade": "1990",
            "has_poster": "no",
            "has_trailer": "no",
        },
        visitor="staff",
    ),
    Endpoint(
        "review admin",
        "GET",
        "review_admin",
        {"q": "honest", "reports": "open", "is_hidden__exact": "0", "rating__exact": "8"},
        visitor="staff",
    ),
    Endpoint("user admin", "GET", "user_admin", {"q": "member", "is_staff__exact": "1"}, "staff"),
    Endpoint(
        "sign-up",
        "POST",
        "signup",
        {
            "username": "newcomer",
            "email": "newcomer@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "website": "",
            "next": "/films/",
        },
    ),
    Endpoint(
        "log-in",
        "POST",
        "login",
        {"username": "member", "password": PASSWORD, "next": "/films/"},
    ),
    Endpoint("password reset", "POST", "password_reset", {"email": "member@example.org"}),
    Endpoint(
        "password change",
        "POST",
        "password_change",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        visitor="member",
    ),
    Endpoint(
        "review create",
        "POST",
        "review_create",
        {"rating": "8", "headline": "Taut", "body": BODY, "contains_spoilers": "on"},
        visitor="member",
    ),
    Endpoint(
        "review edit",
        "POST",
        "review_update",
        {"rating": "9", "headline": "Tauter", "body": BODY, "contains_spoilers": "on"},
        visitor="member",
    ),
    Endpoint("review delete", "POST", "review_delete", {"next": "/films/"}, visitor="member"),
    Endpoint(
        "vote", "POST", "review_vote", {"helpful": "yes", "next": "/films/"}, visitor="member"
    ),
    Endpoint(
        "report",
        "POST",
        "review_report",
        {"reason": "spam", "note": "Selling something"},
        visitor="member",
    ),
    Endpoint(
        "watchlist",
        "GET",
        "watchlist",
        {"sort": "rating", "has_trailer": "on", "page": "1"},
        visitor="member",
    ),
    Endpoint(
        "watchlist button",
        "POST",
        "watchlist_film",
        {"action": "add", "next": "/films/"},
        visitor="member",
    ),
    Endpoint(
        "list create",
        "POST",
        "list_create",
        {"title": "Heists", "description": "Slick ones", "is_public": "on"},
        visitor="member",
    ),
    Endpoint(
        "list edit",
        "POST",
        "list_edit",
        {"title": "Heists", "description": "Slick ones", "is_public": "on"},
        visitor="member",
    ),
    Endpoint(
        "add to list",
        "POST",
        "film_add_to_list",
        {"film_list": "LIST", "new_title": "Heists", "note": "Tense", "next": "/films/"},
        visitor="member",
    ),
    Endpoint("list reorder", "POST", "list_reorder", {"entries": "ENTRY"}, visitor="member"),
    Endpoint("list move", "POST", "entry_move", {"direction": "down"}, visitor="member"),
    Endpoint("list note", "POST", "entry_note", {"note": "Tense"}, visitor="member"),
    Endpoint(
        "list report",
        "POST",
        "list_report",
        {"reason": "spam", "note": "Selling something"},
        visitor="member",
    ),
]


class Site:
    """The rows every case needs: a member with a review to edit, another's review to judge,
    the member's list of one film to edit and another's list to report."""

    def __init__(self):
        drama = GenreFactory(name="Drama", slug="drama")
        self.film = FilmFactory(title="Heat", slug="heat-1995")
        self.film.genres.add(drama)
        self.unreviewed = FilmFactory(title="Ronin", slug="ronin-1998")
        self.member = UserFactory(username="member", email="member@example.org")
        self.staff = UserFactory(username="editor", is_staff=True, is_superuser=True)
        self.own_review = ReviewFactory(film=self.film, author=self.member, body=BODY)
        self.others_review = ReviewFactory(film=self.film, author=UserFactory(), body=BODY)
        self.own_list = FilmListFactory(owner=self.member)
        self.own_entry = FilmListEntryFactory(film_list=self.own_list, film=self.film)
        self.others_list = FilmListFactory(owner=self.others_review.author)
        self.urls = {
            "film_list": "/films/",
            "film_reviews": f"/films/{self.film.slug}/reviews/",
            "search": "/search/",
            "profile": "/users/member/",
            "film_admin": "/admin/catalog/film/",
            "review_admin": "/admin/reviews/review/",
            "user_admin": "/admin/auth/user/",
            "signup": "/accounts/signup/",
            "login": "/accounts/login/",
            "password_reset": "/accounts/password_reset/",
            "password_change": "/accounts/password_change/",
            "review_create": f"/films/{self.unreviewed.slug}/reviews/new/",
            "review_update": f"/reviews/{self.own_review.pk}/edit/",
            "review_delete": f"/reviews/{self.own_review.pk}/delete/",
            "review_vote": f"/reviews/{self.others_review.pk}/vote/",
            "review_report": f"/reviews/{self.others_review.pk}/report/",
            "watchlist": "/watchlist/",
            "watchlist_film": f"/films/{self.film.slug}/watchlist/",
            "list_create": "/lists/new/",
            "list_edit": f"/lists/{self.own_list.pk}/edit/",
            "film_add_to_list": f"/films/{self.unreviewed.slug}/lists/add/",
            "list_reorder": f"/lists/{self.own_list.pk}/reorder/",
            "entry_move": f"/lists/entries/{self.own_entry.pk}/move/",
            "entry_note": f"/lists/entries/{self.own_entry.pk}/note/",
            "list_report": f"/lists/{self.others_list.pk}/report/",
        }
        # Parameters whose valid value is a row's id.
        self.ids = {"LIST": str(self.own_list.pk), "ENTRY": str(self.own_entry.pk)}

    def params(self, endpoint):
        return {key: self.ids.get(value, value) for key, value in endpoint.params.items()}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """Made once for the module, committed; each test's own writes are rolled back."""
    with django_db_blocker.unblock():
        site = Site()
    yield site
    with django_db_blocker.unblock():
        Film.objects.filter(pk__in=[site.film.pk, site.unreviewed.pk]).delete()
        get_user_model().objects.filter(
            pk__in=[site.member.pk, site.staff.pk, site.others_review.author_id]
        ).delete()
        Genre.objects.filter(slug="drama").delete()


def encoded(params, name, hostile):
    """The urlencoded parameters with `name`'s value replaced by the hostile class `hostile`."""
    pairs = [
        (quote(key).encode(), quote(value).encode()) for key, value in params.items() if key != name
    ]
    key = quote(name).encode()
    if hostile in HOSTILE_TEXT:
        pairs.append((key, quote(HOSTILE_TEXT[hostile]).encode()))
    elif hostile in HOSTILE_BYTES:
        pairs.append((key, HOSTILE_BYTES[hostile]))
    elif hostile == "repeated":
        pairs += [(key, quote(params[name]).encode()), (key, b"abc")]
    return b"&".join(key + b"=" + value for key, value in pairs)


def stored():
    """Everything a refused request must leave as it was."""
    return (
        list(get_user_model().objects.order_by("pk").values_list("username", "email", "password")),
        list(Review.objects.order_by("pk").values_list("headline", "body", "updated")),
        list(Rating.objects.order_by("pk").values_list("film", "member", "score", "updated")),
        list(HelpfulVote.objects.order_by("pk").values_list("review", "voter", "is_helpful")),
        list(Report.objects.order_by("pk").values_list("review", "reason", "note")),
        list(WatchlistEntry.objects.order_by("pk").values_list("member", "film")),
        list(FilmList.objects.order_by("pk").values_list("title", "description", "is_public")),
        list(FilmListEntry.objects.order_by("pk").values_list("film", "position", "note")),
        list(ListReport.objects.order_by("pk").values_list("film_list", "reason", "note")),
        Film.objects.count(),
        len(mail.outbox),
        DBTaskResult.objects.count(),  # mail and renditions queued for the worker
    )


def was_refused(response):
    if response.status_code != 302:
        return True
    return any(message.level_tag == "error" for message in get_messages(response.wsgi_request))


@pytest.fixture(autouse=True)
def _templates_render_unobserved(monkeypatch):
    """Render as production does: these tests read no template or context, and the test
    client's instrumentation (a signal and a context copy per template) doubles a page's cost."""
    monkeypatch.setattr(
        Template, "_render", lambda template, context: template.nodelist.render(context)
    )


@pytest.fixture
def visitor(site):
    """A function giving an endpoint's client: members and staff logged in once per test."""
    clients = {"member": Client(), "staff": Client()}
    clients["member"].force_login(site.member)
    log_in_staff(clients["staff"], site.staff)
    # Anonymous cases get a fresh client each: a log-in or sign-up that succeeds logs it in.
    return lambda endpoint: clients.get(endpoint.visitor) or Client()


def send(client, site, endpoint, body, content_type=FORM):
    url = site.urls[endpoint.url]
    if endpoint.method == "GET":
        # The raw query string as a WSGI server passes it: bytes read as latin-1.
        return client.get(url, QUERY_STRING=body.decode("latin-1"))
    return client.generic("POST", url, body, content_type=content_type)


def check(client, site, endpoint, body, content_type=FORM):
    """Send one case; whatever it writes is rolled back, so every case starts from `site`."""
    # Rate-limit counters: a 429 is a refusal, but it would hide the rest.
    caches["ratelimit"].clear()
    # Messages left by an earlier case (a redirect's, never shown) would judge this one.
    client.cookies.pop("messages", None)
    with transaction.atomic():
        before = stored() if endpoint.method == "POST" else None
        response = send(client, site, endpoint, body, content_type)
        after = stored() if endpoint.method == "POST" else None
        transaction.set_rollback(True)
    assert response.status_code < 500
    if endpoint.method == "POST" and was_refused(response):
        assert after == before, f"a refused {endpoint.name} (HTTP {response.status_code}) wrote"
    assert "\x00" not in repr(after), "a NUL was stored"


PARAMETERS = [
    pytest.param(endpoint, name, id=f"{endpoint.name}-{name}")
    for endpoint in ENDPOINTS
    for name in endpoint.params
]


@pytest.mark.parametrize(("endpoint", "name"), PARAMETERS)
def test_hostile_values_are_never_a_server_error_and_refusals_write_nothing(
    site, visitor, subtests, endpoint, name
):
    for hostile in HOSTILE_CLASSES:
        with subtests.test(hostile):
            check(visitor(endpoint), site, endpoint, encoded(site.params(endpoint), name, hostile))


@pytest.mark.parametrize(
    "endpoint",
    [
        pytest.param(endpoint, id=endpoint.name)
        for endpoint in ENDPOINTS
        if endpoint.method == "POST"
    ],
)
def test_forms_in_other_charsets_are_never_a_server_error_and_refusals_write_nothing(
    site, visitor, subtests, endpoint
):
    text = "&".join(f"{key}={quote(value)}" for key, value in site.params(endpoint).items())
    for charset in OTHER_CHARSETS:
        with subtests.test(charset):
            body = text.encode("utf-8" if charset == "bogus" else charset)
            check(visitor(endpoint), site, endpoint, body, f"{FORM}; charset={charset}")
