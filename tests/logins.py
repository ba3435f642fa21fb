"""Logging staff in as they reach the admin: with their second factor proved."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_app(user):
    """`user`'s enrolled authenticator app, made if they have none (to compute codes from)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app")


def log_in_staff(client, user):
    """Log `user` in on the test client as a session that proved its second factor (their
    authenticator app, made if they have none); the app's device."""
    device = authenticator_app(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def code_at(device, moment=None):
    """The 6-digit code `device`'s authenticator app shows at `moment` (now by default)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if moment is None else moment
    return f"{totp.token():06d}"
