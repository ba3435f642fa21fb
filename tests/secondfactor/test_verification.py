"""After the password, staff prove a code from their app or a recovery code; members never."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from filmsite.secondfactor.views import WRONG_CODE
from tests.factories import UserFactory
from tests.html_text import visible_text
from tests.logins import code_at
from tests.secondfactor.conftest import PASSWORD, forgive, password_only

pytestmark = pytest.mark.django_db

VERIFY = reverse("secondfactor:verify")


def test_staff_with_a_password_alone_are_asked_for_a_code_then_sent_back(staff, app):
    client = password_only(staff)
    response = client.get("/admin/catalog/film/?q=vegas")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fcatalog%2Ffilm%2F%3Fq%3Dvegas"
    page = client.get(response["Location"])
    assert 'autocomplete="one-time-code"' in page.text
    assert 'inputmode="numeric"' in page.text
    assert '<input type="hidden" name="next" value="/admin/catalog/film/?q=vegas">' in page.text
    done = client.post(VERIFY, {"code": code_at(app), "next": "/admin/catalog/film/?q=vegas"})
    assert done["Location"] == "/admin/catalog/film/?q=vegas"
    assert client.get("/admin/").status_code == 200


def test_the_site_log_in_leads_staff_through_the_code_too(staff, app):
    client = Client()
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": "/account/"}
    )
    assert response["Location"] == "/account/"
    assert client.get("/account/")["Location"] == f"{VERIFY}?next=%2Faccount%2F"
    client.post(VERIFY, {"code": code_at(app), "next": "/account/"})
    assert client.get("/account/").status_code == 200


def test_staff_can_log_out_without_the_code(staff, app):
    client = password_only(staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_a_form_error_and_opens_nothing(staff, app):
    client = password_only(staff)
    for wrong in ("000000", "12345", "not a code", "abcd-efgh"):
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 200
        assert WRONG_CODE in visible_text(response.text)
        assert 'aria-invalid="true"' in response.text
        forgive(app)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_an_empty_code_is_asked_for(staff, app):
    response = password_only(staff).post(VERIFY, {"code": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text


def test_a_code_works_once(staff, app):
    code = code_at(app)
    first = password_only(staff)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second = password_only(staff)
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert WRONG_CODE in visible_text(response.text)
    forgive(app)
    # The app's next code does.
    later = second.post(VERIFY, {"code": code_at(app, time.time() + 30)})
    assert later.status_code == 302


def test_codes_right_after_a_wrong_one_wait_for_django_otps_back_off(staff, app):
    client = password_only(staff)
    client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": code_at(app)})
    assert response.status_code == 200
    assert "Too many wrong codes in a row. Wait 1 second, then try again." in response.text
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_codes_tried_are_limited_per_account(staff, app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the site's own limit, apart from django-otp's
    client = password_only(staff)
    for _ in range(10):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    refused = client.post(VERIFY, {"code": code_at(app)})
    assert refused.status_code == 429
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_code_that_works_is_not_counted_against_the_limit(staff, app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = password_only(staff)
    for _ in range(9):
        client.post(VERIFY, {"code": "000000"})
    assert client.post(VERIFY, {"code": code_at(app)}).status_code == 302
    client.post(reverse("logout"))
    again = password_only(staff)
    assert again.post(VERIFY, {"code": code_at(app, time.time() + 30)}).status_code == 302


def test_a_recovery_code_works_once_and_says_how_many_are_left(staff, app, recovery_codes):
    code = recovery_codes[0]
    client = password_only(staff)
    page = client.get(f"{VERIFY}?with=recovery")
    assert "Recovery code" in page.text
    assert 'inputmode="numeric"' not in page.text  # recovery codes have letters
    response = client.post(f"{VERIFY}?with=recovery", {"code": code.upper()}, follow=True)
    assert response.redirect_chain
    assert (
        "You signed in with a recovery code, which now no longer works. You have 9 left: make "
        "new ones from your two-factor page if you are running out." in response.text
    )
    other = password_only(staff)
    refused = other.post(VERIFY, {"code": f"{code[:4]}-{code[4:]}"})
    assert refused.status_code == 200
    assert WRONG_CODE in visible_text(refused.text)


def test_a_recovery_code_is_taken_written_as_shown(staff, app, recovery_codes):
    code = recovery_codes[1]
    client = password_only(staff)
    assert client.post(VERIFY, {"code": f" {code[:4]}-{code[4:]} "}).status_code == 302


def test_proving_the_code_gives_the_session_a_new_key(staff, app):
    client = password_only(staff)
    before = client.session.session_key
    client.post(VERIFY, {"code": code_at(app)})
    assert client.session.session_key != before


def test_a_next_to_another_site_is_not_followed(staff, app):
    client = password_only(staff)
    response = client.post(VERIFY, {"code": code_at(app), "next": "//evil.example/"})
    assert response["Location"] == "/admin/"


def test_members_who_are_not_staff_sign_in_with_their_password_alone():
    member = UserFactory(username="maria")
    client = password_only(member)
    assert client.get("/account/").status_code == 200
    assert client.get(reverse("library:watchlist")).status_code == 200
    for page in ("verify", "set_up", "manage"):
        response = client.get(reverse(f"secondfactor:{page}"))
        assert response.status_code == 403
        assert "Two-factor sign-in is for staff accounts." in response.text


def test_visitors_are_sent_to_log_in(client):
    response = client.get(VERIFY)
    assert response["Location"].startswith(reverse("login"))
