"""Confirming addresses: the link mailed at sign-up and on a change of address, held reviews
and their publication, and the figures and pages that follow it."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalog.models import Film
from filmsite.accounts import services
from filmsite.accounts.models import MemberAddress
from reviews import services as reviews
from reviews.models import Review
from tests.factories import FilmFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "newviewer",
    "email": "new@example.org",
    "password1": "a-long-passphrase-42",
    "password2": "a-long-passphrase-42",
    "website": "",
}
BODY = "A review long enough to be published on the page of the film."
LINK = re.compile(r"https?://[^/\s]+(/account/confirm/[\w-]+/[\w-]+/[\w-]+/)")


def link_in(message):
    return LINK.search(message.body).group(1)


def signed_up(client):
    client.post(reverse("signup"), SIGNUP)
    return get_user_model().objects.get(username="newviewer")


def figures(film):
    film = Film.objects.get(pk=film.pk)
    return (film.user_review_count, film.user_rating_count, film.user_rating_histogram)


def test_sign_up_mails_a_confirmation_link_and_says_so(client):
    response = client.post(reverse("signup"), SIGNUP, follow=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert message.subject == "Confirm your email address for Filmsite"
    assert link_in(message)
    assert (
        "Welcome to Filmsite, newviewer. We have sent a link to new@example.org: follow it to "
        "confirm your address. You can rate films and keep a watchlist now; your reviews are "
        "published once your address is confirmed."
    ) in response.content.decode()
    assert not MemberAddress.objects.get(member__username="newviewer").is_confirmed


def test_an_unconfirmed_members_review_is_held_and_shown_to_them_alone(client):
    film = FilmFactory()
    member = signed_up(client)
    response = client.post(
        reverse("reviews:review_create", args=[film.slug]),
        {"body": BODY, "rating": "9"},
        follow=True,
    )
    page = response.content.decode()
    assert (
        "Thank you: your review is saved. It will be published once you confirm your email "
        "address with the link we sent you; until then only you can see it."
    ) in page
    assert "Not yet published" in page
    review = Review.objects.get(author=member)
    assert review.is_held
    # The rating counts, as a rating without a review does; the review counts nowhere.
    assert figures(film) == (0, 1, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    client.logout()
    for url in (
        film.get_absolute_url(),
        reverse("reviews:film_reviews", args=[film.slug]),
        review.get_absolute_url(),
        reverse("catalog:home"),
        reverse("profile", args=["newviewer"]),
    ):
        response = client.get(url)
        assert BODY not in response.content.decode(), url
    assert client.get(review.get_absolute_url()).status_code == 404


def test_following_the_link_confirms_the_address_and_publishes_held_reviews(client):
    film = FilmFactory()
    member = signed_up(client)
    client.post(reverse("reviews:review_create", args=[film.slug]), {"body": BODY, "rating": "9"})
    client.get(film.get_absolute_url())  # a visitor's copy of the page is stored...
    anonymous = type(client)()
    assert BODY not in anonymous.get(film.get_absolute_url()).content.decode()
    link = link_in(mail.outbox[0])
    page = anonymous.get(link)
    assert "Confirm <strong>new@example.org</strong>" in page.content.decode()
    response = anonymous.post(link, follow=True)
    assert (
        "Your email address new@example.org is confirmed. 1 review of yours now published."
        in response.content.decode()
    )
    assert MemberAddress.objects.get(member=member).is_confirmed
    assert not Review.objects.get(author=member).is_held
    assert figures(film) == (1, 1, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    # ...and the publication gave the page a new version: the visitor sees the review now.
    assert BODY in anonymous.get(film.get_absolute_url()).content.decode()
    assert BODY in anonymous.get(reverse("catalog:home")).content.decode()


def test_a_confirmed_members_reviews_are_published_at_once(client):
    film = FilmFactory()
    member = UserFactory()
    review = reviews.post_review(author=member, film=film, body=BODY, rating=6)
    assert not review.is_held
    assert figures(film)[0] == 1


def test_existing_members_count_as_confirmed():
    # Members from before migration 0002 got confirmed rows; the migration runs in tests
    # before any member exists, so this checks the rule for staff-made accounts: no row.
    member = UserFactory()
    assert not MemberAddress.objects.filter(member=member).exists()
    assert services.address_of(member).is_confirmed


def test_a_confirmation_link_works_once(client):
    signed_up(client)
    link = link_in(mail.outbox[0])
    client.post(link)
    response = client.post(link)
    assert response.status_code == 400
    assert (
        "This confirmation link does not work: it was used already, a newer address replaced "
        "the one it confirms, or it was cut short. Log in to send yourself a new one."
    ) in response.content.decode()


def test_an_expired_link_is_refused_and_confirms_nothing(client):
    member = signed_up(client)
    link = link_in(mail.outbox[0])
    later = timezone.now() + services.CONFIRMATION_MAX_AGE + timedelta(minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(link)
    assert response.status_code == 400
    assert (
        "This confirmation link has expired. Log in to send yourself a new one."
        in response.content.decode()
    )
    assert not MemberAddress.objects.get(member=member).is_confirmed


@pytest.mark.parametrize(
    "tamper",
    [
        lambda link: link.replace("/confirm/", "/confirm/x"),
        lambda link: link[:-3] + "/",
        lambda link: link.replace("/confirm/", "/confirm/%00"),
        lambda link: "/account/confirm/" + "a" * 600 + "/b/c/",
        lambda link: link.rsplit("/", 2)[0] + "/",
    ],
)
def test_a_tampered_link_is_refused_without_an_error(client, tamper):
    member = signed_up(client)
    response = client.post(tamper(link_in(mail.outbox[0])))
    assert response.status_code in {400, 404}
    assert not MemberAddress.objects.get(member=member).is_confirmed


def test_a_link_signed_for_one_member_cannot_confirm_another(client):
    signed_up(client)
    other = UserFactory()
    services.await_confirmation(other)
    # The digest is bound to the address it confirms: swapping the member id breaks it.
    forged = services.signing.dumps(
        {"m": other.pk, "d": services._digest("new@example.org", None)},
        salt=services.CONFIRMATION_SALT,
    )
    response = client.post(services.confirmation_path(forged))
    assert response.status_code == 400
    assert not MemberAddress.objects.get(member=other).is_confirmed


def test_resending_is_rate_limited(client):
    signed_up(client)
    for _ in range(5):
        assert client.post(reverse("resend_confirmation")).status_code == 302
    assert client.post(reverse("resend_confirmation")).status_code == 429
    assert len(mail.outbox) == 1 + 5


def test_a_resent_link_works_and_an_earlier_one_too_until_either_is_used(client):
    member = signed_up(client)
    first = link_in(mail.outbox[0])
    response = client.post(reverse("resend_confirmation"), follow=True)
    assert (
        "We have sent a new link to new@example.org. Links sent before it still work."
        in response.content.decode()
    )
    second = link_in(mail.outbox[1])
    client.post(second)
    assert MemberAddress.objects.get(member=member).is_confirmed
    assert client.post(first).status_code == 400


def test_changing_the_address_keeps_the_old_one_until_the_new_one_is_confirmed(client, run_tasks):
    member = UserFactory(email="old@example.org")
    client.force_login(member)
    response = client.post(reverse("change_address"), {"email": "new@example.org"}, follow=True)
    assert (
        "We have sent a link to new@example.org. Your address stays old@example.org until "
        "you follow it."
    ) in response.content.decode()
    member.refresh_from_db()
    assert member.email == "old@example.org"
    assert mail.outbox[0].to == ["new@example.org"]
    assert "change the email address" in mail.outbox[0].body
    # A password reset still goes to the old address meanwhile.
    client.post(reverse("password_reset"), {"email": "old@example.org"})
    run_tasks()  # the reset mail is queued too
    assert mail.outbox[-1].to == ["old@example.org"]
    response = client.post(link_in(mail.outbox[0]), follow=True)
    assert "Your email address new@example.org is confirmed." in response.content.decode()
    member.refresh_from_db()
    assert member.email == "new@example.org"
    assert MemberAddress.objects.get(member=member).pending_email == ""


def test_a_newer_address_change_spends_the_older_link(client):
    member = UserFactory(email="old@example.org")
    client.force_login(member)
    client.post(reverse("change_address"), {"email": "first@example.org"})
    client.post(reverse("change_address"), {"email": "second@example.org"})
    assert client.post(link_in(mail.outbox[0])).status_code == 400
    member.refresh_from_db()
    assert member.email == "old@example.org"
    client.post(link_in(mail.outbox[1]))
    member.refresh_from_db()
    assert member.email == "second@example.org"


def test_a_link_from_before_a_confirmation_stays_spent_when_the_same_change_comes_back(client):
    member = UserFactory(email="a@example.org")
    client.force_login(member)
    client.post(reverse("change_address"), {"email": "b@example.org"})
    a_to_b = link_in(mail.outbox[0])
    client.post(a_to_b)
    client.post(reverse("change_address"), {"email": "a@example.org"})
    client.post(link_in(mail.outbox[1]))
    client.post(reverse("change_address"), {"email": "b@example.org"})
    assert client.post(a_to_b).status_code == 400
    member.refresh_from_db()
    assert member.email == "a@example.org"


def test_an_address_another_account_took_meanwhile_is_not_taken_over(client):
    member = UserFactory(email="old@example.org")
    client.force_login(member)
    client.post(reverse("change_address"), {"email": "wanted@example.org"})
    UserFactory(email="wanted@example.org")
    response = client.post(link_in(mail.outbox[0]), follow=True)
    assert (
        "Another account uses that address now, so yours stays as it was. Choose another "
        "address." in response.content.decode()
    )
    member.refresh_from_db()
    assert member.email == "old@example.org"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("taken@example.org", "An account with this email address already exists."),
        ("mine@example.org", "This is your address already."),
        ("not an address", "Enter a valid email address."),
    ],
)
def test_a_bad_new_address_is_refused_with_a_message(client, email, message):
    UserFactory(email="taken@example.org")
    member = UserFactory(email="mine@example.org")
    client.force_login(member)
    response = client.post(reverse("change_address"), {"email": email})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert mail.outbox == []


def test_the_account_page_refusing_a_bad_address_still_shows_the_suspension_and_notices(client):
    from filmsite.moderation import services as moderation

    member = UserFactory(email="mine@example.org")
    moderation.suspend(
        member=member, ends=timezone.now() + timedelta(days=2), reason="Spam.", moderator=None
    )
    client.force_login(member)
    response = client.post(reverse("change_address"), {"email": "not an address"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "You are suspended from posting until" in page
    assert "(1 unread)" in page


def test_changing_an_unconfirmed_address_replaces_it_and_mails_the_new_one(client):
    member = signed_up(client)
    response = client.post(reverse("change_address"), {"email": "fixed@example.org"}, follow=True)
    assert (
        "Your address is now fixed@example.org; we have sent a link to confirm it."
        in response.content.decode()
    )
    member.refresh_from_db()
    assert member.email == "fixed@example.org"
    assert client.post(link_in(mail.outbox[0])).status_code == 400  # the old address's
    client.post(link_in(mail.outbox[1]))
    assert MemberAddress.objects.get(member=member).is_confirmed


def test_address_changes_are_rate_limited_with_resends(client):
    member = UserFactory(email="old@example.org")
    client.force_login(member)
    for n in range(5):
        client.post(reverse("change_address"), {"email": f"n{n}@example.org"})
    response = client.post(reverse("change_address"), {"email": "n9@example.org"})
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_the_account_pages_need_a_log_in_and_a_post(client):
    assert client.get(reverse("account")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("resend_confirmation")).status_code == 405
    assert client.get(reverse("change_address")).status_code == 405


def test_the_account_page_names_the_address_waiting(client):
    member = UserFactory(email="old@example.org")
    client.force_login(member)
    client.post(reverse("change_address"), {"email": "new@example.org"})
    page = client.get(reverse("account")).content.decode()
    assert "Waiting for confirmation: <strong>new@example.org</strong>" in page
    response = client.post(reverse("cancel_address_change"), follow=True)
    assert "Your address stays old@example.org." in response.content.decode()
    assert client.post(link_in(mail.outbox[0])).status_code == 400


def test_deleting_a_held_review_keeps_its_rating_counted(client):
    film = FilmFactory()
    member = signed_up(client)
    review = reviews.post_review(author=member, film=film, body=BODY, rating=3)
    reviews.delete_review(review)
    assert figures(film) == (0, 1, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0])


def test_publishing_held_reviews_keeps_every_stored_figure_exact(client):
    films = FilmFactory.create_batch(3)
    member = signed_up(client)
    for film, score in zip(films, (2, 5, 10), strict=True):
        reviews.post_review(author=member, film=film, body=BODY, rating=score)
    reviews.post_review(author=UserFactory(), film=films[0], body=BODY, rating=8)
    before = [figures(film) for film in films]
    assert [count for count, _, _ in before] == [1, 0, 0]
    client.post(link_in(mail.outbox[0]))
    after = [figures(film) for film in films]
    assert [count for count, _, _ in after] == [2, 1, 1]
    reviews.refresh_stored_figures(Film.objects.all())
    assert [figures(film) for film in films] == after


def test_a_mail_server_that_fails_leaves_the_member_signed_up_and_the_mail_queued(client):
    """The request only queues the link; a refusing mail server fails the worker's attempt,
    which is tried again later (filmsite.tasks), and the member notices nothing."""
    from django_tasks_db.models import DBTaskResult

    failing = "django.core.mail.backends.locmem.EmailBackend.send_messages"
    with mock.patch(failing, side_effect=ConnectionRefusedError):
        response = client.post(reverse("signup"), SIGNUP, follow=True)
    assert response.status_code == 200
    assert response.context["user"].get_username() == "newviewer"
    assert "We have sent a link to" in response.content.decode()
    assert len(mail.outbox) == 0
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry


def test_the_account_and_confirmation_pages_read_nothing_lazily(client, fetch_raise):
    member = signed_up(client)
    assert client.get(reverse("account")).status_code == 200
    assert client.get(link_in(mail.outbox[0])).status_code == 200
    assert member.pk


def test_confirmation_mail_is_queued_not_sent_in_the_request(client, monkeypatch):
    """Without the worker, the request only queues the message (tests/accounts/conftest.py
    runs the worker at once for the other tests)."""
    from django_tasks_db.models import DBTaskResult

    from filmsite import mail as site_mail
    from filmsite.accounts import mail as member_mail

    monkeypatch.setattr(member_mail, "enqueue_mail", site_mail.enqueue_mail)
    signed_up(client)
    assert len(mail.outbox) == 0
    assert DBTaskResult.objects.count() == 1
