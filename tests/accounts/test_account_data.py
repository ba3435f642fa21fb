"""A member downloads everything tied to their account, as JSON or a zip of CSV files: their
own rows only, in a number of queries that does not grow with them."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from filmsite.accounts import data
from filmsite.library.models import ListReport
from filmsite.moderation.models import Suspension
from reviews import services as reviews
from reviews.models import Report, Review
from tests.factories import (
    FilmFactory,
    FilmListEntryFactory,
    FilmListFactory,
    ReviewFactory,
    UserFactory,
    WatchlistEntryFactory,
)

pytestmark = pytest.mark.django_db

BODY = "A review long enough to be published on the page of the film."


def give_rows(member, n, tag):
    """n of each kind of row for `member`, every text marked with `tag`."""
    for i in range(n):
        film = FilmFactory(title=f"{tag} film {i}")
        reviews.post_review(author=member, film=film, body=f"{BODY} {tag}", rating=1 + i % 10)
        other = ReviewFactory(film=film, body=f"Another's review of the film, {tag} side")
        reviews.vote(review=other, voter=member, is_helpful=True)
        Report.objects.create(review=other, reporter=member, reason="spam", note=f"{tag} note")
        WatchlistEntryFactory(member=member, film=FilmFactory(title=f"{tag} wanted {i}"))
        film_list = FilmListFactory(owner=member, title=f"{tag} list {i}")
        FilmListEntryFactory(film_list=film_list, film=film, note=f"{tag} entry")
        ListReport.objects.create(
            film_list=FilmListFactory(title=f"someone's {tag} list {i}"),
            reporter=member,
            reason="spam",
        )
        # A moderator hides the review (a notice), its author appeals; a suspension, over.
        own = member.reviews.get(film=film)
        reviews.set_hidden(Review.objects.filter(pk=own.pk), hidden=True, reason=f"{tag} why")
        reviews.appeal(review=own, author=member, text=f"{tag} appeal")
        ended = timezone.now() - timedelta(days=1)
        Suspension.objects.create(
            member=member, starts=ended - timedelta(days=7), ends=ended, reason=f"{tag} was"
        )


def download(client, kind):
    response = client.get(reverse("download_data", args=[kind]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_json_download_holds_every_kind_of_the_members_rows(client):
    member = UserFactory(username="mine", email="mine@example.org")
    give_rows(member, 2, "MINE")
    client.force_login(member)
    document = json.loads(download(client, "json"))
    assert list(document) == list(data.KINDS)
    assert document["profile"] == [
        {
            "username": "mine",
            "email": "mine@example.org",
            "new_email_waiting": None,
            "joined": member.date_joined.isoformat(),
            "last_login": document["profile"][0]["last_login"],
        }
    ]
    counts = {name: len(rows) for name, rows in document.items()}
    assert counts == {
        "profile": 1,
        "ratings": 2,
        "reviews": 2,
        "helpful_votes": 2,
        "review_reports": 2,
        "list_reports": 2,
        "watchlist": 2,
        "lists": 2,
        "list_entries": 2,
        "appeals": 2,
        "notices": 2,
        "suspensions": 2,
    }
    assert document["reviews"][0]["body"] == f"{BODY} MINE"
    assert document["ratings"][1]["score"] == 2


def test_the_csv_download_is_a_zip_of_one_file_per_kind(client):
    member = UserFactory()
    give_rows(member, 2, "MINE")
    client.force_login(member)
    response = client.get(reverse("download_data", args=["zip"]))
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [f"{name}.csv" for name in data.KINDS]
    for name, kind in data.KINDS.items():
        rows = list(csv.reader(io.StringIO(archive.read(f"{name}.csv").decode())))
        assert rows[0] == list(kind.columns)
        assert len(rows) == 1 + (1 if name == "profile" else 2), name
    reviews_csv = list(csv.DictReader(io.StringIO(archive.read("reviews.csv").decode())))
    assert reviews_csv[0]["contains_spoilers"] == "no"


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(client):
    member = UserFactory()
    FilmListFactory(owner=member, title='=HYPERLINK("http://evil.example")')
    client.force_login(member)
    archive = zipfile.ZipFile(io.BytesIO(download(client, "zip")))
    lists = list(csv.DictReader(io.StringIO(archive.read("lists.csv").decode())))
    assert lists[0]["title"] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("kind", ["json", "zip"])
def test_a_download_holds_no_one_elses_rows(client, kind):
    member, other = UserFactory(), UserFactory(email="theirs@example.org")
    give_rows(member, 1, "MINE")
    give_rows(other, 2, "THEIRS")
    # The other member's rows about the member's own: a vote and a report on their review.
    own_review = member.reviews.get()
    reviews.vote(review=own_review, voter=other, is_helpful=False)
    Report.objects.create(review=own_review, reporter=other, reason="spam", note="THEIRS")
    client.force_login(member)
    body = download(client, kind)
    if kind == "zip":
        archive = zipfile.ZipFile(io.BytesIO(body))
        files = {name: archive.read(f"{name}.csv").decode() for name in data.KINDS}
        counts = {name: len(list(csv.reader(io.StringIO(f)))) - 1 for name, f in files.items()}
        text = "".join(files.values())
    else:
        text = body.decode()
        counts = {name: len(rows) for name, rows in json.loads(text).items()}
    # One of each kind is the member's; the other member has two of each, and a vote and a
    # report on the member's review.
    assert counts == dict.fromkeys(data.KINDS, 1)
    assert "MINE" in text
    assert "THEIRS" not in text
    assert "theirs@example.org" not in text


def test_a_download_names_no_other_member_in_its_address(client):
    # There is no id to change: the routes take only the format, and serve the reader.
    assert reverse("download_data", args=["json"]) == "/account/data.json"
    assert client.get(reverse("download_data", args=["json"])).status_code == 302
    client.force_login(UserFactory())
    assert client.get("/account/data.xml").status_code == 404
    assert client.post(reverse("download_data", args=["json"])).status_code == 405


@pytest.mark.parametrize("kind", ["json", "zip"])
def test_a_download_takes_the_same_queries_however_many_rows(client, kind):
    member = UserFactory()
    client.force_login(member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            download(client, kind)
        return len(captured)

    give_rows(member, 1, "MINE")
    few = queries()
    give_rows(member, 6, "MORE")
    assert queries() == few
