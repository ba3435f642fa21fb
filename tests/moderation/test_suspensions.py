"""Moderators suspend a member from posting until a date: the member is told, sees it, and
every way of posting reviews or lists is refused with that date, writing nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from filmsite.library import services as library
from filmsite.library.models import FilmList, FilmListEntry
from filmsite.moderation import services as moderation
from filmsite.moderation.models import ModerationAction, Notice, Suspension
from reviews import services
from reviews.models import Rating, Review
from tests.factories import (
    FilmFactory,
    FilmListEntryFactory,
    FilmListFactory,
    ReviewFactory,
    UserFactory,
)
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db

ENDS = datetime(2099, 12, 14, 18, 0, tzinfo=UTC)
REFUSAL = (
    "You are suspended from posting until 14 December 2099, 18:00 UTC: until then you cannot "
    "write or edit reviews, or make or change lists. The reason: Spam links in reviews."
)
BODY = "A review long enough to be published on the page of the film."


@pytest.fixture
def suspended():
    member = UserFactory(username="sam", email="sam@example.org")
    moderation.suspend(member=member, ends=ENDS, reason="Spam links in reviews.", moderator=None)
    return member


def test_a_moderator_suspends_a_member_in_the_admin_who_is_told(client, moderator, delivered):
    member = UserFactory(username="sam", email="sam@example.org")
    response = client.post(
        reverse("admin:moderation_suspension_add"),
        {"username": "sam", "ends_0": "2099-12-14", "ends_1": "18:00:00", "reason": "Spam."},
    )
    assert response.status_code == 302
    suspension = Suspension.objects.get()
    assert (suspension.member, suspension.ends, suspension.moderator) == (member, ENDS, moderator)
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_id, entry.moderator, entry.reason) == (
        ModerationAction.Action.SUSPEND,
        member.pk,
        moderator,
        "Spam.",
    )
    expected = (
        "Hello sam,\n\n"
        "A moderator has suspended you from posting on Filmsite until 14 December 2099, "
        "18:00 UTC. Until then you cannot write or edit reviews, or make or change lists. "
        "You can still read, rate films, vote on reviews and keep your watchlist.\n\n"
        "The reason: Spam.\n\n"
        "Filmsite"
    )
    notice = Notice.objects.get(member=member)
    subject = "You are suspended from posting on Filmsite until 14 December 2099, 18:00 UTC"
    assert (notice.subject, notice.body) == (subject, expected)
    [mail] = delivered()
    assert (mail.to, mail.subject, mail.body.strip()) == (["sam@example.org"], subject, expected)


@pytest.mark.parametrize(
    ("posted", "error"),
    [
        ({"username": "nobody"}, "No member has this username."),
        ({"ends_0": "2001-01-01"}, "Choose an end in the future."),
        ({"reason": ""}, "This field is required."),
    ],
)
def test_a_suspension_needs_a_member_a_future_end_and_a_reason(client, moderator, posted, error):
    UserFactory(username="sam")
    form = {"username": "sam", "ends_0": "2099-12-14", "ends_1": "18:00:00", "reason": "Spam."}
    response = client.post(reverse("admin:moderation_suspension_add"), form | posted)
    assert response.status_code == 200
    assert error in response.text
    assert not Suspension.objects.exists()
    assert not ModerationAction.objects.exists()


def test_a_suspended_members_review_is_refused_with_the_end_date_and_nothing_written(
    client, suspended
):
    film = FilmFactory()
    client.force_login(suspended)
    form_page = client.get(reverse("reviews:review_create", args=[film.slug])).text
    assert "You are suspended from posting until" in form_page
    assert "14 December 2099, 18:00 UTC" in form_page

    response = client.post(
        reverse("reviews:review_create", args=[film.slug]), {"body": BODY, "rating": 9}
    )

    assert response.status_code == 403
    assert REFUSAL in response.text.replace("&#x27;", "'")
    assert BODY in response.text  # the form comes back as written
    assert not Review.objects.exists()
    assert not Rating.objects.exists()
    film.refresh_from_db()
    assert (film.user_review_count, film.user_rating_count) == (0, 0)


def test_a_suspended_member_cannot_edit_their_review(client, suspended):
    review = ReviewFactory(author=suspended, body=BODY)
    client.force_login(suspended)
    url = reverse("reviews:review_update", args=[review.pk])
    response = client.post(url, {"body": BODY + " Changed.", "rating": 3})
    assert response.status_code == 403
    assert "suspended from posting until 14 December 2099" in response.text
    review.refresh_from_db()
    assert (review.body, review.rating) == (BODY, 7)


def test_a_suspended_member_cannot_make_or_change_lists(client, suspended):
    client.force_login(suspended)
    made = client.post(reverse("library:list_create"), {"title": "Spam", "is_public": "on"})
    assert made.status_code == 403
    assert "suspended from posting until 14 December 2099" in made.text
    assert not FilmList.objects.exists()

    film_list = FilmListFactory(owner=suspended, title="Old")
    edit = reverse("library:list_edit", args=[film_list.pk])
    assert client.post(edit, {"title": "New", "is_public": "on"}).status_code == 403
    film_list.refresh_from_db()
    assert film_list.title == "Old"

    film = FilmFactory()
    added = client.post(
        reverse("library:film_add_to_list", args=[film.slug]),
        {"film_list": film_list.pk, "note": "Buy now"},
    )
    assert added.status_code == 403
    assert not FilmListEntry.objects.filter(film=film).exists()

    entry = FilmListEntryFactory(film_list=film_list, note="")
    note = client.post(reverse("library:entry_note", args=[entry.pk]), {"note": "Buy now"})
    assert note.status_code == 403
    entry.refresh_from_db()
    assert entry.note == ""


def test_a_suspended_member_cannot_reorder_a_list_but_may_take_films_out_of_it(client, suspended):
    film_list = FilmListFactory(owner=suspended, title="Old")
    first, second, third = (FilmListEntryFactory(film_list=film_list) for _ in range(3))
    client.force_login(suspended)

    def order():
        return list(film_list.entries.order_by("position").values_list("pk", flat=True))

    moved = client.post(reverse("library:entry_move", args=[second.pk]), {"direction": "up"})
    assert moved.status_code == 403
    assert "suspended from posting until 14 December 2099" in moved.text
    reorder = reverse("library:list_reorder", args=[film_list.pk])
    new_order = {"entries": [third.pk, second.pk, first.pk]}
    assert client.post(reorder, new_order).status_code == 403
    refused = client.post(reorder, new_order, headers={"accept": "application/json"})
    assert refused.status_code == 403
    assert "suspended from posting" in refused.json()["error"]
    assert order() == [first.pk, second.pk, third.pk]

    # Taking something down is never refused.
    client.post(reverse("library:entry_remove", args=[third.pk]))
    assert order() == [first.pk, second.pk]


def test_the_services_refuse_whatever_calls_them(suspended):
    film = FilmFactory()
    with pytest.raises(moderation.PostingSuspended, match="14 December 2099"):
        services.post_review(author=suspended, film=film, body=BODY)
    with pytest.raises(moderation.PostingSuspended):
        library.create_list(owner=suspended, title="Spam")
    assert not Review.objects.exists()
    assert not FilmList.objects.exists()


def test_a_suspended_member_still_rates_and_votes(client, suspended):
    film = FilmFactory()
    client.force_login(suspended)
    client.post(reverse("reviews:rate_film", args=[film.slug]), {"score": 8})
    assert Rating.objects.get().score == 8


def test_the_account_page_shows_the_suspension_and_its_end(client, suspended):
    client.force_login(suspended)
    page = client.get(reverse("account")).text
    assert "You are suspended from posting until" in page
    assert '<time datetime="2099-12-14T18:00:00+00:00">14 December 2099, 18:00 UTC</time>' in page
    assert "The reason: Spam links in reviews." in page


def test_a_suspension_that_ended_or_was_lifted_refuses_nothing(client, moderator, delivered):
    member = UserFactory(username="sam")
    past = timezone.now() - timedelta(days=1)
    Suspension.objects.create(
        member=member, starts=past - timedelta(days=7), ends=past, reason="Old."
    )
    services.post_review(author=member, film=FilmFactory(), body=BODY)

    moderation.suspend(member=member, ends=ENDS, reason="Spam.", moderator=None)
    changelist = reverse("admin:moderation_suspension_changelist")
    response = client.post(
        changelist,
        {
            "action": "lift",
            "_selected_action": list(Suspension.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "1 suspension(s) lifted." in response.text
    services.post_review(author=member, film=FilmFactory(), body=BODY)
    assert Review.objects.count() == 2
    lifted = ModerationAction.objects.get(action=ModerationAction.Action.LIFT_SUSPENSION)
    assert (lifted.target_id, lifted.moderator) == (member.pk, moderator)
    notice = Notice.objects.filter(member=member).first()
    assert notice.subject == "Your suspension from posting on Filmsite is lifted"
    assert notice.body == (
        "Hello sam,\n\n"
        "A moderator has lifted your suspension: you can write reviews and make lists again.\n\n"
        "Filmsite"
    )


def test_suspensions_are_kept_not_deleted(client, moderator, suspended):
    suspension = Suspension.objects.get()
    delete = reverse("admin:moderation_suspension_delete", args=[suspension.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Suspension.objects.exists()


def test_suspending_needs_the_permission(client):
    log_in_staff(client, UserFactory(is_staff=True))
    assert client.get(reverse("admin:moderation_suspension_add")).status_code == 403
