"""Passwords are 12 to 128 characters (OWASP ASVS 2.1.1, 2.1.2), and the forms say so."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

# The path, not the URL name: sign-up is moving from reviews to an accounts app.
SIGN_UP = "/accounts/signup/"


def signup(client, password):
    return client.post(
        SIGN_UP,
        {
            "username": "newreader",
            "email": "newreader@example.org",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("eleven-char", "This password is too short. It must contain at least 12 characters."),
        ("x7" * 64 + "y", "This password is too long. It must contain at most 128 characters."),
    ],
)
def test_a_password_outside_12_to_128_characters_is_refused_at_sign_up(client, password, error):
    response = signup(client, password)
    assert response.status_code == 200
    assert error in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["twelve-chars", "x7" * 64])
def test_passwords_of_12_and_of_128_characters_are_accepted(client, password):
    response = signup(client, password)
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_sign_up_and_password_change_forms_state_the_length_rule(client):
    rule = ("at least 12 characters", "at most 128 characters")
    sign_up_page = client.get(SIGN_UP).content.decode()
    client.force_login(UserFactory())
    change_page = client.get(reverse("password_change")).content.decode()
    for page in (sign_up_page, change_page):
        assert all(words in page for words in rule)
