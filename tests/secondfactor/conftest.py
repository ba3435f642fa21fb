"""Staff and their authenticator apps, with codes computed as the app computes them."""

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP

from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


def code_at(device, moment=None):
    """The 6-digit code `device`'s app shows at `moment` (now by default)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if moment is None else moment
    return f"{totp.token():06d}"


def forgive(device):
    """Forget the wrong codes `device` saw, so the next try does not wait for its back-off."""
    device.refresh_from_db()
    device.throttle_reset()


def password_only(user):
    """A client that signed in with `user`'s password, and nothing more."""
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


@pytest.fixture
def staff(db):
    return UserFactory(username="alice", is_staff=True)


@pytest.fixture
def app(staff):
    """Alice's authenticator app, enrolled."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)


@pytest.fixture
def recovery_codes(staff):
    """Alice's recovery codes, as she saved them."""
    from filmsite.secondfactor import services

    return services.make_recovery_codes(staff)
