"""Every moderation action, single, bulk or through the admin, is logged once per row it
touches, in the same transaction; moderators read the log and nobody can change it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from filmsite.library.models import ListReport
from filmsite.moderation.models import AuditLogIsReadOnly, ModerationAction
from reviews import services
from reviews.models import Report, Review
from tests.factories import FilmListFactory, ReviewFactory, UserFactory
from tests.logins import log_in_staff

from .conftest import run_action

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action


def test_a_bulk_hide_in_the_admin_logs_one_entry_per_review_with_moderator_and_reason(
    client, moderator
):
    reviews = ReviewFactory.create_batch(3)
    ReviewFactory(is_hidden=True)  # hidden already: selected, but nothing happens to it
    Report.objects.create(review=reviews[0], reason="abuse")
    selected = [*reviews, Review.objects.get(is_hidden=True)]

    response = run_action(
        client, "admin:reviews_review_changelist", "hide", selected, reason="Spam links"
    )

    assert "3 review(s) hidden." in response.text
    hides = ModerationAction.objects.filter(action=Action.HIDE)
    assert sorted(hides.values_list("target_id", flat=True)) == sorted(r.pk for r in reviews)
    for entry in hides:
        assert (entry.moderator, entry.moderator_name, entry.reason) == (
            moderator,
            "mod",
            "Spam links",
        )
        assert entry.target_type == ContentType.objects.get_for_model(Review)
        assert entry.target_text == str(Review.objects.get(pk=entry.target_id))
    upheld = ModerationAction.objects.get(action=Action.UPHOLD_REPORT)
    assert upheld.target_id == Report.objects.get().pk
    assert ModerationAction.objects.count() == 4


def test_the_hide_action_asks_why_first_and_hides_nothing_until_told(client, moderator):
    review = ReviewFactory()
    page = run_action(client, "admin:reviews_review_changelist", "hide", [review])
    assert "Reason, told to the author" in page.text
    empty = run_action(client, "admin:reviews_review_changelist", "hide", [review], reason=" ")
    assert empty.status_code == 400
    assert "This field is required." in empty.text
    review.refresh_from_db()
    assert not review.is_hidden
    assert not ModerationAction.objects.exists()


def test_hiding_from_the_change_form_is_logged_and_needs_a_reason(client, moderator):
    review = ReviewFactory()
    url = reverse("admin:reviews_review_change", args=[review.pk])
    inline = {"reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0}
    refused = client.post(url, {"is_hidden": "on", **inline})
    assert "Say why it is hidden: its author is told." in refused.text
    assert not ModerationAction.objects.exists()

    client.post(url, {"is_hidden": "on", "moderation_reason": "Hateful", **inline})
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_id, entry.reason) == (Action.HIDE, review.pk, "Hateful")


def test_reinstating_and_dismissing_in_the_admin_are_logged(client, moderator):
    hidden = ReviewFactory(is_hidden=True)
    reported = ReviewFactory()
    report = Report.objects.create(review=reported, reason="spam")
    run_action(client, "admin:reviews_review_changelist", "reinstate", [hidden])
    run_action(client, "admin:reviews_review_changelist", "dismiss_reports", [reported])
    logged = ModerationAction.objects.order_by("id").values_list("action", "target_id")
    assert list(logged) == [(Action.REINSTATE, hidden.pk), (Action.DISMISS_REPORT, report.pk)]


def test_list_moderation_is_logged_as_review_moderation_is(client, moderator):
    film_list = FilmListFactory(title="Cheap pills")
    report = ListReport.objects.create(film_list=film_list, reason="spam")
    run_action(
        client, "admin:library_filmlist_changelist", "hide", [film_list], reason="Advertising"
    )
    logged = ModerationAction.objects.order_by("id")
    assert [(e.action, e.target_id, e.reason) for e in logged] == [
        (Action.HIDE, film_list.pk, "Advertising"),
        (Action.UPHOLD_REPORT, report.pk, ""),
    ]
    assert logged[0].target_text.startswith("Cheap pills by ")


def test_an_action_that_fails_leaves_no_entry(monkeypatch):
    review = ReviewFactory()

    def broken(films):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "refresh_film_ratings", broken)
    with pytest.raises(RuntimeError):
        services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True, reason="x")
    assert not ModerationAction.objects.exists()
    review.refresh_from_db()
    assert not review.is_hidden


def test_moderators_read_the_log_in_the_admin(client, moderator):
    review = ReviewFactory(headline="Loud")
    services.set_hidden(
        Review.objects.filter(pk=review.pk), hidden=True, moderator=moderator, reason="Rude"
    )
    page = client.get(reverse("admin:moderation_moderationaction_changelist"))
    assert page.status_code == 200
    assert "Rude" in page.text
    entry = ModerationAction.objects.get()
    detail = client.get(reverse("admin:moderation_moderationaction_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text  # a view, not a form


def test_nobody_adds_changes_or_deletes_log_entries_in_the_admin(client, admin_user):
    log_in_staff(client, admin_user)  # a superuser, who holds every permission there is
    review = ReviewFactory()
    services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True, reason="Rude")
    entry = ModerationAction.objects.get()
    change = reverse("admin:moderation_moderationaction_change", args=[entry.pk])
    assert client.get(reverse("admin:moderation_moderationaction_add")).status_code == 403
    assert client.post(change, {"reason": "Polite"}).status_code == 403
    delete = reverse("admin:moderation_moderationaction_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:moderation_moderationaction_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.reason == "Rude"


def test_the_model_refuses_to_change_or_delete_an_entry():
    review = ReviewFactory()
    services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True, reason="Rude")
    entry = ModerationAction.objects.get()
    entry.reason = "Polite"
    with pytest.raises(AuditLogIsReadOnly):
        entry.save()
    with pytest.raises(AuditLogIsReadOnly):
        entry.delete()
    with pytest.raises(AuditLogIsReadOnly):
        ModerationAction.objects.update(reason="Polite")
    with pytest.raises(AuditLogIsReadOnly):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.get().reason == "Rude"


def test_a_moderator_who_leaves_keeps_their_name_on_their_entries(moderator):
    review = ReviewFactory()
    services.set_hidden(
        Review.objects.filter(pk=review.pk), hidden=True, moderator=moderator, reason="Rude"
    )
    moderator.delete()
    entry = ModerationAction.objects.get()
    assert (entry.moderator, entry.moderator_name) == (None, "mod")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_postgresql_refuses_sql_that_changes_or_deletes_an_entry():
    services.set_hidden(Review.objects.filter(pk=ReviewFactory().pk), hidden=True, reason="Rude")
    table = ModerationAction._meta.db_table
    for statement in [f"UPDATE {table} SET reason = 'Polite'", f"DELETE FROM {table}"]:
        with (
            pytest.raises(DatabaseError, match="read-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert ModerationAction.objects.get().reason == "Rude"


def test_members_without_the_view_permission_cannot_read_the_log(client):
    log_in_staff(client, UserFactory(is_staff=True))
    changelist = reverse("admin:moderation_moderationaction_changelist")
    assert client.get(changelist).status_code == 403


def test_dismissing_from_the_reports_change_list_is_logged(client, moderator):
    report = Report.objects.create(review=ReviewFactory(), reason="spam")
    run_action(client, "admin:reviews_report_changelist", "dismiss", [report])
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_id, entry.moderator) == (
        Action.DISMISS_REPORT,
        report.pk,
        moderator,
    )


def test_report_statuses_are_read_only_in_the_admin(client, moderator):
    report = Report.objects.create(review=ReviewFactory(), reason="spam")
    page = client.get(reverse("admin:reviews_report_change", args=[report.pk])).text
    assert 'name="status"' not in page


def test_deleting_another_members_review_is_logged_and_its_author_told(client, delivered):
    from django.contrib.auth.models import Permission

    from filmsite.moderation.models import Notice
    from tests.factories import staff_member

    remover = staff_member("Moderators", username="remover")
    remover.user_permissions.add(Permission.objects.get(codename="delete_review"))
    log_in_staff(client, remover)
    on_site = ReviewFactory(headline="Spam")
    in_admin = ReviewFactory()
    own = ReviewFactory(author=remover)

    response = client.post(reverse("reviews:review_delete", args=[on_site.pk]), follow=True)
    assert "The review is deleted." in response.text
    client.post(reverse("admin:reviews_review_delete", args=[in_admin.pk]), {"post": "yes"})
    client.post(reverse("reviews:review_delete", args=[own.pk]))

    assert not Review.objects.exists()
    entries = ModerationAction.objects.order_by("pk")
    assert [(e.action, e.target_id, e.moderator_name) for e in entries] == [
        (ModerationAction.Action.DELETE, on_site.pk, "remover"),
        (ModerationAction.Action.DELETE, in_admin.pk, "remover"),
    ]
    assert entries[0].target_text == str(on_site)
    assert Notice.objects.filter(member=on_site.author).get().subject == (
        f"Your review of {on_site.film} is deleted"
    )
    assert Notice.objects.filter(member=in_admin.author).exists()
    assert not Notice.objects.filter(member=remover).exists()
    assert len(delivered()) == 2
