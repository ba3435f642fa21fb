"""A member is told, on the site and by mail in the same words, what moderators did to what
they wrote; a former member's review tells nobody."""

import pytest
from django.conf import settings
from django.urls import reverse

from filmsite.library import services as library
from filmsite.library.models import FilmList, ListReport
from filmsite.moderation.models import Notice
from reviews import services
from reviews.models import Report, Review
from tests.factories import FilmFactory, FilmListFactory, ReviewFactory, UserFactory

from .conftest import run_action

pytestmark = pytest.mark.django_db


def hide(review, **kwargs):
    return services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True, **kwargs)


def test_a_hidden_reviews_author_is_told_why_and_how_to_appeal(client, moderator, delivered):
    author = UserFactory(username="ann", email="ann@example.org")
    review = ReviewFactory(
        author=author, film=FilmFactory(title="Heat", year=1995), headline="Overlong"
    )
    Report.objects.create(review=review, reason="abuse")
    Report.objects.create(review=review, reason="spam")
    run_action(
        client,
        "admin:reviews_review_changelist",
        "hide",
        [review],
        reason="It insults another member.",
    )

    expected = (
        "Hello ann,\n\n"
        "A moderator has hidden your review of Heat (1995), “Overlong”. It is kept, and you "
        "can still see it, but nobody else can, and its rating no longer counts in the "
        "film's figures.\n\n"
        "The reason: It insults another member.\n"
        "Readers reported it as: Abusive or hateful; Spam or advertising.\n\n"
        "If you think this is a mistake, you may appeal once, saying why, here:\n\n"
        f"{settings.SITE_URL}/reviews/{review.pk}/appeal/\n\n"
        "A moderator will read your appeal, and you will be told the outcome.\n\n"
        "Filmsite"
    )
    notice = Notice.objects.get(member=author)
    assert (notice.subject, notice.body) == ("Your review of Heat (1995) is hidden", expected)
    [mail] = delivered()
    assert (mail.to, mail.subject, mail.body.strip()) == (
        ["ann@example.org"],
        "Your review of Heat (1995) is hidden",
        expected,
    )


def test_a_reinstated_reviews_author_is_told_it_is_back(delivered):
    author = UserFactory(username="ann")
    review = ReviewFactory(author=author, film=FilmFactory(title="Heat", year=1995))
    hide(review, reason="Spam")
    services.set_hidden(Review.objects.filter(pk=review.pk), hidden=False, reason="Misread.")
    notice = Notice.objects.filter(member=author).first()  # newest first
    assert notice.subject == "Your review of Heat (1995) is back"
    assert notice.body == (
        "Hello ann,\n\n"
        "A moderator has reinstated your review of Heat (1995): everyone can see it again, "
        "and its rating counts in the film's figures.\n\n"
        "The moderator's note: Misread.\n\n"
        f"{settings.SITE_URL}/reviews/{review.pk}/\n\n"
        "Filmsite"
    )
    assert [mail.subject for mail in delivered()] == [
        "Your review of Heat (1995) is hidden",
        "Your review of Heat (1995) is back",
    ]


def test_a_hidden_lists_owner_is_told_why(delivered):
    owner = UserFactory(username="ann")
    film_list = FilmListFactory(owner=owner, title="Pills")
    ListReport.objects.create(film_list=film_list, reason="spam")
    library.set_hidden(FilmList.objects.filter(pk=film_list.pk), hidden=True, reason="Adverts.")
    notice = Notice.objects.get()
    assert notice.subject == "Your list “Pills” is hidden"
    assert notice.body == (
        "Hello ann,\n\n"
        "A moderator has hidden your list “Pills”. It is kept, and you can still see it, but "
        "nobody else can.\n\n"
        "The reason: Adverts.\n"
        "Readers reported it as: Spam or advertising.\n\n"
        "Filmsite"
    )
    assert len(delivered()) == 1


def test_a_former_members_review_is_hidden_without_telling_anyone(delivered):
    review = ReviewFactory(author=None, rating=None)
    assert hide(review, reason="Spam") == 1
    assert not Notice.objects.exists()
    assert delivered() == []


def test_an_author_without_an_address_is_told_on_the_site_only(delivered):
    review = ReviewFactory(author=UserFactory(email=""))
    hide(review, reason="Spam")
    assert Notice.objects.filter(member=review.author).exists()
    assert delivered() == []


def test_hiding_again_after_an_appeal_offers_no_second_appeal():
    review = ReviewFactory()
    hide(review, reason="Spam")
    services.appeal(review=review, author=review.author, text="It is not spam.")
    services.set_hidden(Review.objects.filter(pk=review.pk), hidden=False)
    hide(review, reason="Spam after all")
    newest = Notice.objects.filter(member=review.author).first()
    assert "appeal" not in newest.body


def test_the_notices_page_shows_a_members_own_notices_and_marks_them_read(client):
    author = UserFactory()
    for review in ReviewFactory.create_batch(2, author=author):
        hide(review, reason="Spam")
    hide(ReviewFactory(), reason="Someone else's")
    client.force_login(author)
    page = client.get(reverse("moderation:notices"))
    assert page.text.count("is hidden</h2>") == 2
    assert "Someone else" not in page.text
    assert "2 unread notices." in page.text

    marked = client.post(reverse("moderation:mark_notices_read"), follow=True)
    assert "Your notices are marked as read." in marked.text
    assert "unread" not in marked.text
    assert not Notice.objects.filter(member=author).unread().exists()
    assert Notice.objects.unread().count() == 1  # the other member's


def test_the_account_page_counts_unread_notices(client):
    author = UserFactory()
    hide(ReviewFactory(author=author), reason="Spam")
    client.force_login(author)
    assert "(1 unread)" in client.get(reverse("account")).text


def test_a_notice_shows_what_the_member_wrote_as_text(client):
    author = UserFactory()
    hide(ReviewFactory(author=author, headline="<script>alert(1)</script>"), reason="<b>x</b>")
    client.force_login(author)
    page = client.get(reverse("moderation:notices")).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_the_notices_page_takes_the_same_queries_however_many_notices(
    client, django_assert_num_queries
):
    author = UserFactory()
    client.force_login(author)
    hide(ReviewFactory(author=author), reason="Spam")
    # Session, user, the count of notices, the page of them, the unread count.
    with django_assert_num_queries(5):
        client.get(reverse("moderation:notices"))
    for review in ReviewFactory.create_batch(5, author=author):
        hide(review, reason="Spam")
    with django_assert_num_queries(5):
        client.get(reverse("moderation:notices"))


def test_visitors_are_sent_to_log_in_and_marking_read_is_a_post(client):
    assert client.get(reverse("moderation:notices")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("moderation:mark_notices_read")).status_code == 405


def test_a_film_with_the_longest_title_still_has_its_review_hidden_and_its_author_told(
    client, moderator, delivered
):
    review = ReviewFactory(film=FilmFactory(title="Long " * 60, year=1995))
    hide(review, moderator=moderator, reason="Rude.")

    review.refresh_from_db()
    assert review.is_hidden
    notice = Notice.objects.get(member=review.author)
    subject_max = Notice._meta.get_field("subject").max_length
    assert len(notice.subject) == subject_max
    assert notice.subject.startswith("Your review of Long Long")
    assert notice.subject.endswith("…")
    [mail] = delivered()
    assert mail.subject == notice.subject
