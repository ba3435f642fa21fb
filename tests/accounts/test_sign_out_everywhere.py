"""Sign out everywhere: every other session of the member's ends; the one asking stays."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def logged_in(member):
    client = Client()
    assert client.login(username=member.get_username(), password=PASSWORD)
    return client


def is_logged_in(client):
    return client.get(reverse("account")).status_code == 200


def test_signing_out_everywhere_ends_the_other_sessions_and_keeps_this_one():
    member = UserFactory()
    laptop, phone, another_members = logged_in(member), logged_in(member), logged_in(UserFactory())
    response = laptop.post(reverse("sign_out_everywhere"), {"password": PASSWORD}, follow=True)
    assert (
        "You are signed out everywhere else: every other browser and device must log in "
        "again. This one stays signed in." in response.content.decode()
    )
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert is_logged_in(another_members)
    # The password is the same: the member logs in again with it.
    assert logged_in(member)


def test_the_session_key_of_the_one_kept_changes():
    member = UserFactory()
    laptop = logged_in(member)
    before = laptop.session.session_key
    laptop.post(reverse("sign_out_everywhere"), {"password": PASSWORD})
    assert laptop.session.session_key != before


def test_a_wrong_password_signs_out_nobody():
    member = UserFactory()
    laptop, phone = logged_in(member), logged_in(member)
    response = laptop.post(reverse("sign_out_everywhere"), {"password": "not-the-password"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert is_logged_in(phone)


def test_signing_out_everywhere_needs_a_csrf_token():
    member = UserFactory()
    checked = Client(enforce_csrf_checks=True)
    checked.login(username=member.get_username(), password=PASSWORD)
    phone = logged_in(member)
    response = checked.post(reverse("sign_out_everywhere"), {"password": PASSWORD})
    assert response.status_code == 403
    assert is_logged_in(phone)


def test_signing_out_everywhere_needs_a_log_in(client):
    response = client.post(reverse("sign_out_everywhere"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_sessions_that_proved_the_second_factor_end_too_and_this_one_keeps_it():
    staff = UserFactory(is_staff=True)
    laptop, phone = Client(), Client()
    log_in_staff(laptop, staff)
    log_in_staff(phone, staff)
    assert phone.get("/admin/").status_code == 200
    laptop.post(reverse("sign_out_everywhere"), {"password": PASSWORD})
    assert laptop.get("/admin/").status_code == 200  # still past its second factor
    refused = phone.get("/admin/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/admin/login/")
