"""Reporting lists, and moderators hiding, reinstating and dismissing in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from filmsite.library.models import FilmList, ListReport
from filmsite.ratelimit import REPORT
from tests.factories import FilmListFactory, UserFactory, staff_member
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db


def report(client, film_list, reason="spam", note=""):
    url = reverse("library:list_report", args=[film_list.pk])
    return client.post(url, {"reason": reason, "note": note})


def test_any_visitor_can_report_a_public_list_with_a_reason(client):
    film_list = FilmListFactory()
    page = client.get(reverse("library:list_report", args=[film_list.pk])).text
    assert "Spoilers in its title, description or notes" in page
    response = report(client, film_list, note="Links to a shop")
    assert response["Location"] == film_list.get_absolute_url()
    saved = ListReport.objects.get()
    assert (saved.reason, saved.note, saved.reporter, saved.status) == (
        "spam",
        "Links to a shop",
        None,
        "open",
    )


def test_report_with_an_unknown_reason_writes_nothing(client):
    response = report(client, FilmListFactory(), reason="because")
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not ListReport.objects.exists()


def test_reports_are_rate_limited(client):
    film_list = FilmListFactory()
    for _ in range(REPORT.limit):
        report(client, film_list)
    assert report(client, film_list).status_code == 429
    assert ListReport.objects.count() == REPORT.limit


def test_moderators_group_may_moderate_lists_and_no_more():
    group = Group.objects.get(name="Moderators")
    library = group.permissions.filter(content_type__app_label="library")
    assert sorted(library.values_list("codename", flat=True)) == [
        "change_listreport",
        "moderate_filmlist",
        "view_filmlist",
        "view_filmlistentry",
        "view_listreport",
    ]


@pytest.fixture
def moderator(client):
    user = staff_member("Moderators")
    log_in_staff(client, user)
    return user


def run_action(client, action, film_lists, **reason_page):
    """Run an admin action; `reason_page` is what its page asking why is answered with."""
    selected = {"action": action, "_selected_action": [film_list.pk for film_list in film_lists]}
    if reason_page:
        selected |= {"apply": "yes", **reason_page}
    return client.post(reverse("admin:library_filmlist_changelist"), selected)


def test_moderator_sees_reported_lists_and_hides_one_upholding_its_reports(client, moderator):
    reported, quiet = FilmListFactory(title="Buy pills"), FilmListFactory(title="Quiet")
    report(client, reported)
    changelist = client.get(reverse("admin:library_filmlist_changelist"), {"reports": "open"})
    assert "Buy pills" in changelist.text
    assert "Quiet" not in changelist.text
    run_action(client, "hide", [reported], reason="Selling pills")
    reported.refresh_from_db()
    assert reported.is_hidden
    assert ListReport.objects.get().status == ListReport.Status.UPHELD
    assert not FilmList.objects.get(pk=quiet.pk).is_hidden
    client.logout()
    assert client.get(reported.get_absolute_url()).status_code == 404
    assert "Buy pills" not in client.get(f"/users/{reported.owner.username}/").text
    log_in_staff(client, moderator)
    run_action(client, "reinstate", [reported])
    reported.refresh_from_db()
    assert not reported.is_hidden


def test_moderator_dismisses_reports_leaving_the_list_as_it_is(client, moderator):
    film_list = FilmListFactory()
    report(client, film_list)
    run_action(client, "dismiss_reports", [film_list])
    assert ListReport.objects.get().status == ListReport.Status.DISMISSED
    assert not FilmList.objects.get().is_hidden


def test_staff_without_the_moderate_permission_cannot_hide(client):
    user = UserFactory(username="clerk", is_staff=True)
    user.user_permissions.add(
        *Group.objects.get(name="Moderators").permissions.exclude(codename="moderate_filmlist")
    )
    log_in_staff(client, user)
    film_list = FilmListFactory()
    run_action(client, "hide", [film_list], reason="Spam")
    assert not FilmList.objects.get().is_hidden
