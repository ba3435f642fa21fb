"""Staff and their authenticator apps (tests/logins.py computes their codes)."""

import pytest
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


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
