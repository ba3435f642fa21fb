"""Staff without an authenticator app enrol one before anything else, and get recovery codes."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from filmsite.secondfactor import services
from filmsite.secondfactor.views import WRONG_SETUP_CODE
from tests.html_text import visible_text
from tests.logins import code_at
from tests.secondfactor.conftest import password_only

pytestmark = pytest.mark.django_db

SET_UP = reverse("secondfactor:set_up")


def shown_secret(response):
    """The key the page writes out, as the app takes it typed in, and as a device holds it."""
    grouped = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', response.text)
    return TOTPDevice(key=b32decode(grouped.group(1).replace(" ", "")).hex())


def test_staff_without_an_app_are_sent_to_set_one_up_first(staff):
    client = password_only(staff)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{SET_UP}?next=%2Fadmin%2F"
    assert "Set up two-factor sign-in" in response.text


def test_the_set_up_page_shows_the_key_as_a_qr_code_as_text_and_as_an_address(staff):
    response = password_only(staff).get(SET_UP)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    key = re.search(r'id="secret">([A-Z2-7 ]+)<', response.text).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)  # 20 bytes, in groups of four
    assert f"otpauth://totp/Filmsite%3Aalice?secret={key.replace(' ', '')}" in response.text
    assert '<img class="qr-code" src="data:image/svg+xml' in response.text
    assert 'alt="QR code holding your Filmsite secret key' in response.text
    assert 'autocomplete="one-time-code"' in response.text
    assert 'inputmode="numeric"' in response.text


def test_the_key_stays_the_same_until_it_is_confirmed(staff):
    client = password_only(staff)
    assert shown_secret(client.get(SET_UP)).key == shown_secret(client.get(SET_UP)).key


def test_a_wrong_code_enrols_nothing_and_says_why(staff):
    client = password_only(staff)
    client.get(SET_UP)
    response = client.post(SET_UP, {"code": "000000"})
    assert response.status_code == 200
    assert WRONG_SETUP_CODE in visible_text(response.text)
    assert not TOTPDevice.objects.exists()
    response = client.post(SET_UP, {"code": "not a code"})
    assert response.status_code == 200
    assert WRONG_SETUP_CODE in visible_text(response.text)


def test_a_code_from_the_app_enrols_it_and_shows_ten_recovery_codes_once(staff):
    client = password_only(staff)
    app = shown_secret(client.get(f"{SET_UP}?next=/admin/"))
    response = client.post(SET_UP, {"code": code_at(app), "next": "/admin/"}, follow=True)
    assert response.redirect_chain[-1][0] == (
        reverse("secondfactor:recovery_codes") + "?next=%2Fadmin%2F"
    )
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert device.key == app.key
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.text)
    assert len(shown) == 10
    saved = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert {code.replace("-", "") for code in shown} == saved
    assert "Two-factor sign-in is on. Save your recovery codes now" in response.text
    assert '<a href="/admin/">I have saved my codes: continue</a>' in response.text
    # Shown once: coming back leads to the two-factor page, which only counts them.
    again = client.get(reverse("secondfactor:recovery_codes"), follow=True)
    assert not re.findall(r"<li><code>", again.text)
    assert "You have 10 recovery codes left." in visible_text(again.text)
    # The session that enrolled has the second factor: the admin opens.
    assert client.get("/admin/").status_code == 200


def test_the_code_that_enrolled_the_app_does_not_sign_in_again(staff):
    client = password_only(staff)
    app = shown_secret(client.get(SET_UP))
    code = code_at(app)
    client.post(SET_UP, {"code": code})
    with pytest.raises(services.WrongCode):
        services.verify(user=staff, code=code)


def test_an_enrolled_app_is_not_replaced_with_a_password_alone(staff, app):
    client = password_only(staff)
    response = client.get(SET_UP)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("secondfactor:verify"))
    response = client.post(SET_UP, {"code": "123456"})
    assert response["Location"].startswith(reverse("secondfactor:verify"))
    assert list(TOTPDevice.objects.all()) == [app]
