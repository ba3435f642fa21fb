"""Reporting reviews, and moderators hiding, reinstating and dismissing in the admin."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from reviews.models import Report, Review
from reviews.services import refresh_film_rating
from tests.factories import FilmFactory, ReviewFactory, UserFactory, staff_member
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db


def report(client, review, reason="abuse", note=""):
    url = reverse("reviews:review_report", args=[review.pk])
    return client.post(url, {"reason": reason, "note": note})


def test_any_visitor_can_report_a_review_with_a_reason(client):
    review = ReviewFactory()
    page = client.get(reverse("reviews:review_report", args=[review.pk])).content.decode()
    assert "Spoilers not marked as such" in page
    response = report(client, review, reason="spoilers", note="Reveals the ending")
    assert response["Location"] == review.film.get_absolute_url()
    saved = Report.objects.get()
    assert (saved.reason, saved.note, saved.reporter, saved.status) == (
        "spoilers",
        "Reveals the ending",
        None,
        "open",
    )


def test_logged_in_reporter_is_recorded(client):
    reporter = UserFactory()
    client.force_login(reporter)
    report(client, ReviewFactory())
    assert Report.objects.get().reporter == reporter


def test_report_with_an_unknown_reason_writes_nothing(client):
    response = report(client, ReviewFactory(), reason="because")
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Report.objects.exists()


@pytest.fixture
def moderator(client):
    user = staff_member("Moderators")
    log_in_staff(client, user)
    return user


def run_action(client, action, reviews, model="review", **reason_page):
    """Run an admin action; `reason_page` is what its page asking why is answered with."""
    selected = {"action": action, "_selected_action": [review.pk for review in reviews]}
    if reason_page:
        selected |= {"apply": "yes", **reason_page}
    return client.post(reverse(f"admin:reviews_{model}_changelist"), selected, follow=True)


def test_moderators_see_reported_reviews_first_in_the_admin(client, moderator):
    reported = ReviewFactory(headline="Reported one")
    ReviewFactory(headline="Quiet one")
    Report.objects.create(review=reported, reason="spam")
    url = reverse("admin:reviews_review_changelist")
    listed = client.get(url, {"reports": "open"}).context["cl"].result_list
    assert list(listed) == [reported]


def test_hiding_removes_the_review_from_public_pages_and_the_average(client, moderator):
    film = FilmFactory()
    kept = ReviewFactory(film=film, rating=8, headline="Fair review")
    abusive = ReviewFactory(film=film, rating=1, headline="Abusive review")
    Report.objects.create(review=abusive, reason="abuse")
    refresh_film_rating(film.pk)

    response = run_action(client, "hide", [abusive], reason="Abusive language")
    assert "1 review(s) hidden." in response.content.decode()

    abusive.refresh_from_db()
    film.refresh_from_db()
    assert abusive.is_hidden
    assert Review.objects.filter(pk=abusive.pk).exists()  # kept, not deleted
    assert Report.objects.get().status == "upheld"
    assert (film.user_rating_count, film.user_rating_average) == (1, Decimal("8.00"))

    client.logout()
    film_page = client.get(film.get_absolute_url()).content.decode()
    assert "Abusive review" not in film_page
    assert "Fair review" in film_page
    assert client.get(abusive.get_absolute_url()).status_code == 404
    assert kept.get_absolute_url() in film_page


def test_reinstating_brings_the_review_back(client, moderator):
    review = ReviewFactory(rating=6, is_hidden=True)
    run_action(client, "reinstate", [review])
    review.refresh_from_db()
    review.film.refresh_from_db()
    assert not review.is_hidden
    assert review.film.user_rating_count == 1


def test_dismissing_reports_leaves_the_review_visible(client, moderator):
    review = ReviewFactory()
    Report.objects.create(review=review, reason="spam")
    run_action(client, "dismiss_reports", [review])
    assert Report.objects.get().status == "dismissed"
    review.refresh_from_db()
    assert not review.is_hidden


def test_moderators_group_has_just_the_moderation_permissions():
    group = Group.objects.get(name="Moderators")
    reviews = group.permissions.filter(content_type__app_label="reviews")
    assert sorted(reviews.values_list("codename", flat=True)) == [
        "change_report",
        "change_review",
        "moderate_review",
        "view_appeal",
        "view_report",
        "view_review",
    ]


def test_moderator_cannot_edit_films_or_users(client, moderator):
    film = FilmFactory()
    assert client.get(reverse("admin:catalog_film_change", args=[film.pk])).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_reader_without_staff_status_cannot_reach_moderation(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:reviews_review_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_review_deleted_while_a_moderator_saves_it_is_a_404_not_a_500(
    client, moderator, monkeypatch
):
    from reviews.admin import ReviewAdmin

    review = ReviewFactory()
    save_form = ReviewAdmin.save_form

    def deleted_meanwhile(self, request, form, change):
        Review.objects.filter(pk=review.pk).delete()  # another tab, between load and save
        return save_form(self, request, form, change)

    monkeypatch.setattr(ReviewAdmin, "save_form", deleted_meanwhile)
    inline = {"reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0}
    url = reverse("admin:reviews_review_change", args=[review.pk])
    response = client.post(url, {"is_hidden": "on", "moderation_reason": "Spam", **inline})
    assert response.status_code == 404
    assert "This review has been deleted meanwhile." in response.content.decode()
