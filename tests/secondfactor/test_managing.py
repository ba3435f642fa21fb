"""Staff replace their app and make new recovery codes with a current code; superusers and
operators reset someone else's second factor."""

import logging
import re
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from filmsite.secondfactor import services
from filmsite.secondfactor.views import WRONG_CODE
from tests.factories import UserFactory
from tests.html_text import visible_text
from tests.logins import code_at, log_in_staff
from tests.secondfactor.conftest import password_only

pytestmark = pytest.mark.django_db

MANAGE = reverse("secondfactor:manage")
RECOVERY_CODES = reverse("secondfactor:recovery_codes")
REPLACE = reverse("secondfactor:replace")


@pytest.fixture
def verified(staff, app):
    """Alice's client, signed in with her second factor."""
    client = password_only(staff)
    log_in_staff(client, staff)
    return client


def next_code(app):
    """The app's next code: the current one may have signed the session in."""
    return code_at(app, time.time() + 30)


def test_the_two_factor_page_says_when_the_app_was_set_up_and_how_many_codes_are_left(
    staff, app, recovery_codes, verified
):
    response = verified.get(MANAGE)
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "Authenticator app Set up on" in text
    assert "You have 10 recovery codes left." in text
    assert 'id="id_codes-code"' in response.text
    assert 'id="id_replace-code"' in response.text
    assert "Your authenticator app and recovery codes" in verified.get("/account/").text


def test_new_recovery_codes_need_a_code_and_end_the_old_ones(staff, app, recovery_codes, verified):
    refused = verified.post(RECOVERY_CODES, {"codes-code": "000000"})
    assert refused.status_code == 200
    assert WRONG_CODE in visible_text(refused.text)
    assert StaticToken.objects.count() == 10
    app.throttle_reset()
    response = verified.post(RECOVERY_CODES, {"codes-code": next_code(app)}, follow=True)
    assert "New recovery codes made: the old ones no longer work." in response.text
    shown = re.findall(r"<li><code>([a-z2-7-]{9})</code></li>", response.text)
    new = {code.replace("-", "") for code in shown}
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == new
    assert not new & set(recovery_codes)


def test_replacing_the_app_needs_a_code(staff, app, verified):
    refused = verified.post(REPLACE, {"replace-code": "000000"})
    assert refused.status_code == 200
    assert WRONG_CODE in visible_text(refused.text)
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_replacing_the_app_removes_it_and_asks_for_the_new_one(staff, app, verified):
    response = verified.post(REPLACE, {"replace-code": next_code(app)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("secondfactor:set_up")
    assert "Your authenticator app is removed. Set up the new one now." in response.text
    assert not TOTPDevice.objects.exists()
    assert DEVICE_ID_SESSION_KEY not in verified.session
    # Until the new app is set up, the session reaches nothing else.
    assert verified.get("/admin/")["Location"].startswith(reverse("secondfactor:verify"))


def test_making_codes_and_replacing_the_app_need_the_second_factor_first(staff, app):
    client = password_only(staff)
    for url, field in ((RECOVERY_CODES, "codes-code"), (REPLACE, "replace-code")):
        response = client.post(url, {field: code_at(app)})
        assert response["Location"].startswith(reverse("secondfactor:verify"))
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_the_device_admins_are_not_in_the_admin(admin_client):
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_a_superuser_resets_another_staff_members_second_factor(
    staff, app, recovery_codes, admin_client, admin_user, caplog
):
    with caplog.at_level(logging.WARNING, logger="filmsite.secondfactor"):
        response = admin_client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [staff.pk]},
            follow=True,
        )
    assert (
        "Second factor reset for alice: each enrols an authenticator app again at their next "
        "sign-in." in response.text
    )
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    assert "second factor reset for user" in caplog.text
    assert "admin in the admin" in caplog.text
    history = LogEntry.objects.get(object_id=str(staff.pk))
    assert (history.user, history.change_message) == (admin_user, "Reset their second factor.")
    # Alice signs in with her password and is asked to set up an app again.
    client = password_only(staff)
    assert (
        client.get("/admin/", follow=True)
        .redirect_chain[-1][0]
        .startswith(reverse("secondfactor:set_up"))
    )


def test_a_superuser_does_not_reset_their_own_second_factor_in_the_admin(admin_client, admin_user):
    device = TOTPDevice.objects.get(user=admin_user)
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [admin_user.pk]},
        follow=True,
    )
    assert "Your own second factor is not reset here" in response.text
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_staff_who_are_not_superusers_are_not_offered_the_reset(staff, app):
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    client = password_only(staff)
    log_in_staff(client, staff)
    page = client.get(reverse("admin:auth_user_changelist"))
    assert page.status_code == 200
    assert "reset_second_factor" not in page.text


def test_the_command_resets_a_members_second_factor(staff, app, recovery_codes, capsys):
    call_command("reset_second_factor", "alice")
    assert "Second factor reset for alice" in capsys.readouterr().out
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()
    call_command("reset_second_factor", "alice")
    assert "alice had no second factor; nothing to reset." in capsys.readouterr().out


def test_the_command_names_an_unknown_member():
    with pytest.raises(CommandError, match=r"No member is called 'nobody'\."):
        call_command("reset_second_factor", "nobody")


def test_a_reset_leaves_other_members_devices(staff, app):
    other = UserFactory(username="bob", is_staff=True)
    others = TOTPDevice.objects.create(user=other, name="Authenticator app")
    assert services.reset(user=staff, by="a test") == 1
    assert list(TOTPDevice.objects.all()) == [others]
