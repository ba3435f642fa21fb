"""Every form's errors: printed once, listed in a summary at the top that links to each field,
the fields marked aria-invalid and described by their errors; report forms without a checked
empty choice."""

import pytest
from django.urls import reverse

from filmsite.library.models import FilmList
from tests.factories import FilmListFactory, ReviewFactory, UserFactory
from tests.html_elements import attribute, find_all, has_attribute, text

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
LOGIN_ERROR = "Please enter a correct username and password"
BAD_SIGNUP = {
    "username": "",
    "email": "not an address",
    "password1": "a-long-passphrase-42",
    "password2": "another-passphrase-42",
    "website": "",
}


def summary_links(html):
    (summary,) = find_all(html, "div", class_="error-summary")
    return [(attribute(link, "href"), text(link)) for link in find_all(str(summary), "a")]


def test_a_refused_log_in_prints_its_error_once(client):
    UserFactory(username="alice")
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert response.content.decode().count(LOGIN_ERROR) == 1


def test_a_whole_form_error_links_to_the_forms_first_field(client):
    html = client.post(reverse("login"), {"username": "alice", "password": "wrong"}).content
    ((href, words),) = summary_links(html.decode())
    assert href == "#id_username"
    assert LOGIN_ERROR in words


def test_the_summary_links_each_field_error_to_its_field(client):
    html = client.post(reverse("signup"), BAD_SIGNUP).content.decode()
    links = summary_links(html)
    assert [href for href, _ in links] == ["#id_username", "#id_email", "#id_password2"]
    assert links[1][1] == "Email — Enter a valid email address."
    for href, _ in links:
        assert len(find_all(html, id=href[1:])) == 1  # each link has one field to go to


def test_a_field_error_is_printed_beside_its_field_and_in_the_summary_only(client):
    html = client.post(reverse("signup"), BAD_SIGNUP).content.decode()
    assert html.count("Enter a valid email address.") == 2


def test_fields_with_errors_are_aria_invalid_and_described_by_their_errors(client):
    html = client.post(reverse("signup"), BAD_SIGNUP).content.decode()
    (email,) = find_all(html, "input", id="id_email")
    assert attribute(email, "aria-invalid") == "true"
    described_by = attribute(email, "aria-describedby").split()
    assert "id_email_error" in described_by
    (error,) = find_all(html, id="id_email_error")
    assert text(error) == "Enter a valid email address."
    (password,) = find_all(html, "input", id="id_password1")
    assert attribute(password, "aria-invalid") is None


def test_the_summary_is_announced_and_its_script_moves_the_focus_to_it(client):
    html = client.post(reverse("signup"), BAD_SIGNUP).content.decode()
    (summary,) = find_all(html, "div", data_error_summary=None)
    # Named by its heading when read out; a div without a role may not carry a name of its
    # own (aria-labelledby there is an ARIA error, which axe reports).
    assert attribute(summary, "aria-labelledby") is None
    (alert,) = find_all(str(summary), "div", role="alert")
    (title,) = find_all(str(alert), "h2")
    assert text(title) == "There is a problem"
    assert find_all(html, "script", src="/static/js/error-summary.js")


def test_a_form_without_errors_has_no_summary_and_no_script(client):
    html = client.get(reverse("signup")).content.decode()
    assert not find_all(html, class_="error-summary")
    assert "error-summary.js" not in html


def test_a_review_error_links_to_the_review_field(client):
    film = ReviewFactory().film
    client.force_login(UserFactory())
    url = reverse("reviews:review_create", kwargs={"slug": film.slug})
    html = client.post(url, {"body": "Too short."}).content.decode()
    links = summary_links(html)
    assert [href for href, _ in links] == ["#id_body"]
    assert "Write at least 20 characters" in links[0][1]


@pytest.fixture
def review_report_url():
    return reverse("reviews:review_report", kwargs={"pk": ReviewFactory().pk})


@pytest.fixture
def list_report_url():
    film_list = FilmListFactory(is_public=True)
    return reverse("library:list_report", kwargs={"pk": film_list.pk})


@pytest.mark.parametrize("url", ["review_report_url", "list_report_url"])
def test_a_report_form_offers_only_reasons_and_checks_none(client, url, request):
    html = client.get(request.getfixturevalue(url)).content.decode()
    reasons = find_all(html, "input", name="reason")
    assert reasons
    assert all(attribute(radio, "value") for radio in reasons)  # no empty "---------" choice
    assert not any(has_attribute(radio, "checked") for radio in reasons)
    assert "---" not in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("review_report_url", "Choose what is wrong with this review."),
        ("list_report_url", "Choose what is wrong with this list."),
    ],
)
def test_a_report_without_a_reason_says_so_and_links_to_the_first_reason(
    client, url, message, request
):
    response = client.post(request.getfixturevalue(url), {"note": "Rude."})
    assert response.status_code == 200
    html = response.content.decode()
    ((href, words),) = summary_links(html)
    assert href == "#id_reason_0"
    assert find_all(html, "input", id="id_reason_0", name="reason")
    assert message in words
    (group,) = find_all(html, "fieldset")
    assert attribute(group, "aria-describedby") == "id_reason_error"


def test_a_report_with_a_reason_is_taken(client, list_report_url):
    response = client.post(list_report_url, {"reason": "spam", "note": ""})
    assert response.status_code == 302
    assert FilmList.objects.get().reports.get().reason == "spam"
