"""Accounts: sign up, log in and out, passwords, profiles, and the header's links."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from filmsite.accounts.forms import LimitedAuthenticationForm
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "newviewer",
    "email": "new@example.org",
    "password1": "a-long-passphrase-42",
    "password2": "a-long-passphrase-42",
    "website": "",
}


def test_sign_up_creates_the_account_and_logs_in(client):
    response = client.post(reverse("signup"), SIGNUP, follow=True)
    assert response.status_code == 200
    user = get_user_model().objects.get(username="newviewer")
    assert user.email == "new@example.org"
    assert response.context["user"] == user
    assert "Welcome to Filmsite, newviewer." in response.content.decode()


def test_sign_up_returns_to_the_page_it_came_from(client, seed):
    response = client.post(reverse("signup"), {**SIGNUP, "next": seed.get_absolute_url()})
    assert response["Location"] == seed.get_absolute_url()


def test_sign_up_refuses_an_offsite_next(client):
    response = client.post(reverse("signup"), {**SIGNUP, "next": "https://evil.example/"})
    assert response["Location"] == reverse("catalog:home")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password1": "short", "password2": "short"}, "This password is too short"),
        ({"password1": "password", "password2": "password"}, "This password is too common"),
        ({"password2": "something-else-42"}, "The two password fields didn"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"username": ""}, "This field is required."),
    ],
)
def test_sign_up_with_bad_details_shows_the_error_and_creates_nothing(client, change, message):
    response = client.post(reverse("signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(username="newviewer").exists()


def test_sign_up_refuses_a_taken_email(client):
    UserFactory(email="new@example.org")
    response = client.post(reverse("signup"), SIGNUP)
    assert "An account with this email address already exists." in response.content.decode()


def test_sign_up_honeypot_filled_in_by_a_bot_creates_nothing(client):
    response = client.post(reverse("signup"), {**SIGNUP, "website": "http://spam"})
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="newviewer").exists()


def test_honeypot_is_hidden_from_people_and_assistive_technology(client):
    html = client.get(reverse("signup")).content.decode()
    assert re.search(r'<div class="honeypot" aria-hidden="true">.*name="website"', html, re.S)


def test_log_in_and_log_out_by_post(client):
    UserFactory(username="viewer", password="a-long-test-password")
    response = client.post(
        reverse("login"), {"username": "viewer", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Log out" in html
    assert ">viewer</a>" in html
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    html = client.get("/").content.decode()
    assert "Sign up" in html
    assert "Log in" in html


def test_wrong_password_is_refused_with_a_clear_message(client):
    UserFactory(username="viewer")
    response = client.post(reverse("login"), {"username": "viewer", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_password_change(client):
    user = UserFactory(password="a-long-test-password")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
        follow=True,
    )
    assert "Your password is changed." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")


def test_password_reset_by_email_end_to_end(client, run_tasks):
    user = UserFactory(email="viewer@example.org")
    client.post(reverse("password_reset"), {"email": "viewer@example.org"})
    run_tasks()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", str(mail.outbox[0].body)).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"},
        follow=True,
    )
    assert "Your new password is set." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase")


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(client, run_tasks):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    run_tasks()
    assert mail.outbox == []


def test_profile_lists_the_users_visible_reviews_newest_first(client):
    author = UserFactory(username="cinephile")
    older = ReviewFactory(author=author, headline="Older")
    newer = ReviewFactory(author=author, headline="Newer")
    ReviewFactory(author=author, headline="Hidden one", is_hidden=True)
    html = client.get(reverse("profile", args=["cinephile"])).content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "Hidden one" not in html
    assert f'href="{older.film.get_absolute_url()}"' in html
    assert f'href="{newer.film.get_absolute_url()}"' in html


def test_profile_of_unknown_user_is_a_404(client):
    assert client.get(reverse("profile", args=["nobody"])).status_code == 404


def test_profile_of_a_username_with_every_allowed_sign_is_found(client):
    UserFactory(username="Zoë.o@n+e-il_2")
    assert client.get("/users/Zo%C3%AB.o@n+e-il_2/").status_code == 200


@pytest.mark.parametrize("username", ["%00", "a%00b", "a%01b", "a%7Fb", "a%20b", "a%0Ab"])
def test_profile_address_with_a_control_character_or_space_is_a_404(client, username):
    # PostgreSQL refuses NUL in a query: without the username converter, /users/%00/ was a 500.
    UserFactory(username="ab")
    assert client.get(f"/users/{username}/").status_code == 404


def test_reset_link_with_a_nul_byte_is_a_404(client):
    assert client.get("/accounts/reset/%00/1-a/").status_code == 404
    assert client.get("/accounts/reset/MQ/%00-a/").status_code == 404


def test_a_login_form_built_without_its_request_refuses_to_check_a_password():
    form = LimitedAuthenticationForm(data={"username": "ben", "password": "secret"})
    with pytest.raises(TypeError, match="needs the request"):
        form.is_valid()


def reset_request_statements(client, email, address):
    """The SQL a reset request runs, values left out, and the task it queues."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)
    assert response.status_code == 302
    statements = [re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"]) for query in queries]
    queued = DBTaskResult.objects.order_by("-enqueued_at").first()
    return statements, (queued.task_path, sorted(queued.args_kwargs["kwargs"]))


def test_password_reset_takes_the_same_path_for_known_and_unknown_addresses(client, run_tasks):
    UserFactory(email="viewer@example.org")
    known = reset_request_statements(client, "viewer@example.org", "192.0.2.1")
    unknown = reset_request_statements(client, "nobody@example.org", "192.0.2.2")
    assert known == unknown
    statements, task = known
    assert not any("auth_user" in statement for statement in statements)  # no account looked up
    assert task == ("filmsite.accounts.tasks.mail_password_reset", ["domain", "email", "use_https"])
    run_tasks()
    assert [message.to for message in mail.outbox] == [["viewer@example.org"]]


@pytest.mark.parametrize("mailed_by", ["password_reset", "signup"])
def test_mailed_links_name_the_site_address_never_the_requests_host(
    client, settings, run_tasks, mailed_by
):
    settings.SITE_URL = "https://films.example"
    settings.ALLOWED_HOSTS = ["films.example", "evil.example"]
    UserFactory(email="viewer@example.org")
    posted = {
        "password_reset": {"email": "viewer@example.org"},
        "signup": {
            "username": "newviewer",
            "email": "new@example.org",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
            "website": "",
        },
    }[mailed_by]
    client.post(reverse(mailed_by), posted, HTTP_HOST="evil.example", secure=False)
    run_tasks()
    (message,) = mail.outbox
    assert "evil.example" not in message.body
    assert re.search(r"^https://films\.example/\S+$", str(message.body), re.MULTILINE)
