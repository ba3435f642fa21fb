"""A member who reported a review or a list sees what became of it."""

import pytest
from django.urls import reverse

from filmsite.library import services as library
from filmsite.library.models import FilmList, ListReport
from reviews import services
from reviews.models import Appeal, Report, Review
from tests.factories import FilmFactory, FilmListFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def reviews_of(n):
    return [ReviewFactory(film=FilmFactory(title=f"Film {i}")) for i in range(n)]


def test_a_reporter_sees_each_reports_outcome(client):
    reporter = UserFactory()
    pending, dismissed, hidden, appealed, reinstated = reviews_of(5)
    for review in [pending, dismissed, hidden, appealed, reinstated]:
        Report.objects.create(review=review, reporter=reporter, reason="spam")
    services.dismiss_reports(Report.objects.filter(review=dismissed))
    for review in [hidden, appealed, reinstated]:
        services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True, reason="Spam")
    services.appeal(review=appealed, author=appealed.author, text="Not spam.")
    services.decide_appeals(Appeal.objects.all(), uphold=True, moderator=None)
    services.set_hidden(Review.objects.filter(pk=reinstated.pk), hidden=False)
    listed = FilmListFactory(title="Pills")
    ListReport.objects.create(film_list=listed, reporter=reporter, reason="spam")
    library.set_hidden(FilmList.objects.filter(pk=listed.pk), hidden=True, reason="Adverts")

    client.force_login(reporter)
    page = client.get(reverse("moderation:member_reports")).text
    assert "The review of Film 0 (1995) by" in page
    for outcome in [
        "Open: a moderator will look at it.",
        "Dismissed: the review stays.",
        "Upheld: the review is hidden.",
        "Upheld, then the review was reinstated on its author&#x27;s appeal.",
        "Upheld, then a moderator reinstated the review.",
        "Upheld: the list is hidden.",
    ]:
        assert outcome in page
    # No link to what the reporter may no longer read.
    assert hidden.get_absolute_url() not in page
    assert appealed.get_absolute_url() in page


def test_a_reporter_sees_only_their_own_reports(client):
    reporter, other = UserFactory(), UserFactory()
    Report.objects.create(review=ReviewFactory(headline="x"), reporter=other, reason="spam")
    client.force_login(reporter)
    page = client.get(reverse("moderation:member_reports")).text
    assert "You have not reported a review." in page
    assert "You have not reported a list." in page


def test_the_reports_page_takes_the_same_queries_however_many_reports(
    client, django_assert_num_queries
):
    reporter = UserFactory()
    client.force_login(reporter)

    def report_some(n):
        for review in reviews_of(n):
            Report.objects.create(review=review, reporter=reporter, reason="spam")
            ListReport.objects.create(film_list=FilmListFactory(), reporter=reporter, reason="spam")

    report_some(1)
    # Session, user, the review reports with their reviews, films, authors and appeals, the
    # list reports with their lists.
    with django_assert_num_queries(4):
        client.get(reverse("moderation:member_reports"))
    report_some(5)
    with django_assert_num_queries(4):
        client.get(reverse("moderation:member_reports"))


def test_a_reported_list_is_linked_only_while_the_reporter_may_read_it(client):
    reporter = UserFactory()
    shown = FilmListFactory(title="Shown")
    made_private = FilmListFactory(title="Made private")
    hidden = FilmListFactory(title="Hidden")
    for film_list in (shown, made_private, hidden):
        ListReport.objects.create(film_list=film_list, reporter=reporter, reason="spam")
    FilmList.objects.filter(pk=made_private.pk).update(is_public=False)
    library.set_hidden(FilmList.objects.filter(pk=hidden.pk), hidden=True, reason="Adverts")
    client.force_login(reporter)
    page = client.get(reverse("moderation:member_reports")).text
    assert f'<a href="{shown.get_absolute_url()}">The list “Shown”</a>' in page
    for gone in (made_private, hidden):
        assert f"The list “{gone.title}”" in page
        assert gone.get_absolute_url() not in page
