"""An author appeals once against a hidden review; moderators decide in the admin's queue,
reinstating the review (its figures exact again) or not, and the author is told."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from filmsite.moderation.models import ModerationAction, Notice
from reviews import services
from reviews.models import APPEAL_MAX_LENGTH, Appeal, Review
from reviews.services import refresh_film_rating
from tests.factories import FilmFactory, ReviewFactory, UserFactory, staff_member
from tests.logins import log_in_staff
from tests.task_worker import run_queued_tasks

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action


@pytest.fixture
def hidden_review():
    film = FilmFactory(title="Heat", year=1995)
    ReviewFactory(film=film, rating=8)
    review = ReviewFactory(
        film=film, rating=2, author=UserFactory(username="ann", email="ann@example.org")
    )
    refresh_film_rating(film.pk)
    services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True, reason="Rude")
    return review


def appeal_url(review):
    return reverse("reviews:review_appeal", args=[review.pk])


def test_the_author_appeals_once_from_the_reviews_page(client, hidden_review):
    client.force_login(hidden_review.author)
    detail = client.get(hidden_review.get_absolute_url()).text
    assert appeal_url(hidden_review) in detail
    response = client.post(appeal_url(hidden_review), {"text": "I was quoting the film."})
    assert response["Location"] == hidden_review.get_absolute_url()
    appeal = Appeal.objects.get()
    assert (appeal.review, appeal.text, appeal.status) == (
        hidden_review,
        "I was quoting the film.",
        Appeal.Status.OPEN,
    )


def test_a_second_appeal_is_refused_with_a_clear_message_and_nothing_written(client, hidden_review):
    client.force_login(hidden_review.author)
    client.post(appeal_url(hidden_review), {"text": "First."})
    again = client.post(appeal_url(hidden_review), {"text": "Second."})
    assert again.status_code == 409
    assert "A review can be appealed once." in again.text
    assert list(Appeal.objects.values_list("text", flat=True)) == ["First."]
    with pytest.raises(services.AppealRefused, match="appealed already"):
        services.appeal(review=hidden_review, author=hidden_review.author, text="Third.")


def test_nobody_else_can_appeal_or_see_the_appeal_page(client, hidden_review):
    client.force_login(UserFactory())
    assert client.get(appeal_url(hidden_review)).status_code == 404
    assert client.post(appeal_url(hidden_review), {"text": "Mine now."}).status_code == 404
    assert not Appeal.objects.exists()
    client.logout()
    assert client.post(appeal_url(hidden_review), {"text": "x"}).status_code == 302
    assert not Appeal.objects.exists()


def test_a_visible_review_has_nothing_to_appeal(client):
    review = ReviewFactory()
    client.force_login(review.author)
    response = client.post(appeal_url(review), {"text": "Please."})
    assert response.status_code == 409
    assert "This review is not hidden: there is nothing to appeal against." in response.text
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Hidden\x07 bell", "x" * (APPEAL_MAX_LENGTH + 1), "nul\x00"],
    ids=["empty", "blank", "control", "too-long", "nul"],
)
def test_a_hostile_appeal_is_a_400_with_its_error(client, hidden_review, text):
    client.force_login(hidden_review.author)
    response = client.post(appeal_url(hidden_review), {"text": text})
    assert response.status_code == 400
    assert 'class="error-summary' in response.text
    assert not Appeal.objects.exists()


def test_an_appeal_is_shown_to_moderators_as_text(client, hidden_review):
    services.appeal(
        review=hidden_review, author=hidden_review.author, text="<script>alert(1)</script>"
    )
    log_in_staff(client, staff_member("Moderators"))
    appeal = Appeal.objects.get()
    page = client.get(reverse("admin:reviews_appeal_change", args=[appeal.pk])).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def decide(client, action, appeals, note=""):
    return client.post(
        reverse("admin:reviews_appeal_changelist"),
        {
            "action": action,
            "_selected_action": [appeal.pk for appeal in appeals],
            "apply": "yes",
            "reason": note,
        },
        follow=True,
    )


def test_an_upheld_appeal_reinstates_the_review_exactly_and_tells_the_author(
    client, hidden_review, mailoutbox
):
    film = hidden_review.film
    film.refresh_from_db()
    assert (film.user_rating_count, film.user_rating_average) == (1, Decimal("8.00"))
    services.appeal(review=hidden_review, author=hidden_review.author, text="Quoting the film.")
    moderator = staff_member("Moderators", username="mod")
    log_in_staff(client, moderator)

    response = decide(client, "uphold", Appeal.objects.all(), note="Fair point.")

    assert "1 appeal(s) upheld, their reviews reinstated." in response.text
    hidden_review.refresh_from_db()
    film.refresh_from_db()
    assert not hidden_review.is_hidden
    assert (film.user_review_count, film.user_rating_count) == (2, 2)
    assert film.user_rating_average == Decimal("5.00")
    assert film.user_rating_histogram == [0, 0, 1, 0, 0, 0, 0, 0, 1, 0]
    appeal = Appeal.objects.get()
    assert (appeal.status, appeal.decided_by, appeal.note) == (
        Appeal.Status.UPHELD,
        moderator,
        "Fair point.",
    )
    logged = ModerationAction.objects.filter(moderator=moderator).order_by("id")
    assert [(entry.action, entry.target_id) for entry in logged] == [
        (Action.UPHOLD_APPEAL, appeal.pk),
        (Action.REINSTATE, hidden_review.pk),
    ]
    notice = Notice.objects.filter(member=hidden_review.author).first()
    expected = (
        "Hello ann,\n\n"
        "A moderator has read your appeal and upheld it: your review of Heat (1995) is "
        "reinstated. Everyone can see it again, and its rating counts in the film's "
        "figures.\n\n"
        "The moderator's note: Fair point.\n\n"
        f"{settings.SITE_URL}/reviews/{hidden_review.pk}/\n\n"
        "Filmsite"
    )
    assert notice.subject == "Your appeal is upheld: your review of Heat (1995)"
    assert notice.body == expected
    run_queued_tasks()
    assert mailoutbox[-1].body.strip() == expected


def test_a_rejected_appeal_leaves_the_review_hidden_and_tells_the_author(client, hidden_review):
    services.appeal(review=hidden_review, author=hidden_review.author, text="Please.")
    log_in_staff(client, staff_member("Moderators"))
    decide(client, "reject", Appeal.objects.all())
    hidden_review.refresh_from_db()
    assert hidden_review.is_hidden
    assert Appeal.objects.get().status == Appeal.Status.REJECTED
    assert ModerationAction.objects.filter(action=Action.REJECT_APPEAL).count() == 1
    notice = Notice.objects.filter(member=hidden_review.author).first()
    assert notice.subject == "Your appeal is rejected: your review of Heat (1995)"
    assert notice.body == (
        "Hello ann,\n\n"
        "A moderator has read your appeal and rejected it: your review of Heat (1995) stays "
        "hidden, seen by you alone. A review can be appealed once, so this decision is "
        "final.\n\n"
        f"{settings.SITE_URL}/reviews/{hidden_review.pk}/\n\n"
        "Filmsite"
    )
    # The author's appeal page says so, and takes no new appeal.
    client.force_login(hidden_review.author)
    page = client.get(appeal_url(hidden_review)).text
    assert "Outcome: Rejected: review stays hidden." in page
    assert 'name="text"' not in page


def test_a_decided_appeal_is_not_decided_again(client, hidden_review):
    services.appeal(review=hidden_review, author=hidden_review.author, text="Please.")
    log_in_staff(client, staff_member("Moderators"))
    decide(client, "reject", Appeal.objects.all())
    response = decide(client, "uphold", Appeal.objects.all())
    assert "0 appeal(s) upheld" in response.text
    hidden_review.refresh_from_db()
    assert hidden_review.is_hidden


def test_the_queue_lists_open_appeals_first_oldest_first(client):
    appeals = []
    for _ in range(3):
        review = ReviewFactory(is_hidden=True)
        appeals.append(services.appeal(review=review, author=review.author, text="Please."))
    services.decide_appeals(Appeal.objects.filter(pk=appeals[0].pk), uphold=False, moderator=None)
    log_in_staff(client, staff_member("Moderators"))
    listed = client.get(reverse("admin:reviews_appeal_changelist")).context["cl"].result_list
    assert list(listed) == [appeals[1], appeals[2], appeals[0]]


def test_appeals_are_neither_added_nor_deleted_in_the_admin(client, hidden_review):
    services.appeal(review=hidden_review, author=hidden_review.author, text="Please.")
    log_in_staff(client, staff_member("Moderators"))
    appeal = Appeal.objects.get()
    assert client.get(reverse("admin:reviews_appeal_add")).status_code == 403
    delete = reverse("admin:reviews_appeal_delete", args=[appeal.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Appeal.objects.exists()


def test_deciding_needs_the_moderation_permission(client, hidden_review):
    services.appeal(review=hidden_review, author=hidden_review.author, text="Please.")
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(
        *staff_member("Moderators").groups.get().permissions.exclude(codename="moderate_review")
    )
    client.force_login(clerk)
    decide(client, "uphold", Appeal.objects.all())
    assert Appeal.objects.get().status == Appeal.Status.OPEN
