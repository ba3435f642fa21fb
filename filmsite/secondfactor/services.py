"""Staff's second factor: enrolling an authenticator app, recovery codes, proving a code.

Everyone who can reach the admin (active staff, as Django's AdminSite.has_permission has it)
proves a time-based one-time password (TOTP, RFC 6238) after their password, or one of their
recovery codes. django-otp keeps the devices: a confirmed TOTPDevice for the app, which
refuses a code at or before the last one it took (`last_t`), so a code works once, and a
StaticDevice holding the recovery codes, each deleted as it is used. Both back off
exponentially after wrong codes (django-otp's throttling).
"""

import logging
import math
import re
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

import django_otp
import segno
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

logger = logging.getLogger(__name__)

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# What the verification form takes: a TOTP code is six digits, a recovery code eight letters
# and digits of base 32 (StaticToken.random_token), shown in two groups of four.
TOTP_CODE = re.compile(r"[0-9]{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


class WrongCode(Exception):
    """The code is not one the member's devices take now (mistyped, old, or used already)."""


class Throttled(Exception):
    """Too many wrong codes in a row: the device takes none until `retry_after` seconds pass."""

    def __init__(self, retry_after: int):
        super().__init__(f"throttled; retry after {retry_after} s")
        self.retry_after = retry_after


def needs_second_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether `user` holds staff powers, and so must prove a second factor: staff, who can
    reach the admin, and superusers, who hold every permission even when not marked staff.
    Other members hold none (`filmsite.accounts.backends`)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))


def is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this session's user proved a second factor (django-otp's OTPMiddleware)."""
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def authenticator_of(user: User) -> TOTPDevice | None:
    """The member's confirmed authenticator app, if they enrolled one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def new_secret() -> str:
    """A fresh TOTP secret: 20 random bytes, hex-encoded as TOTPDevice keeps it."""
    return random_hex(20)


def grouped_base32(secret: str) -> str:
    """The secret as authenticator apps take it typed in: base 32, in groups of four."""
    text = b32encode(unhexlify(secret)).decode()
    return " ".join(text[start : start + 4] for start in range(0, len(text), 4))


def setup_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=secret).config_url


def qr_code_data_uri(uri: str) -> str:
    """A QR code of `uri` as an SVG data: URI, for an <img> (the CSP allows data: images)."""
    # Black on white whatever the page's colours: scanners need the contrast.
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


def _normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def enrol(*, user: User, secret: str, code: str) -> TOTPDevice:
    """Confirm the authenticator app holding `secret` with a code it shows now.

    Replaces any app enrolled before. The code is spent: it cannot then verify a session.
    Raises WrongCode.
    """
    device = TOTPDevice(user=user, key=secret, name=AUTHENTICATOR_NAME)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    normalised = _normalised(code)
    if not TOTP_CODE.fullmatch(normalised) or not totp.verify(int(normalised), device.tolerance):
        raise WrongCode
    device.last_t = totp.t()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.save()
    return device


def make_recovery_codes(user: User) -> list[str]:
    """Make the member a new set of recovery codes; those made before stop working."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.select_for_update().get_or_create(
            user=user, defaults={"name": RECOVERY_CODES_NAME}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def grouped_recovery_code(code: str) -> str:
    """A recovery code as shown: two groups of four (the form takes it with or without)."""
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Verified:
    device: Device
    used_recovery_code: bool


def verify(*, user: User, code: str) -> Verified:
    """The device that takes `code` now: the app's six digits, or a recovery code (spent).

    Raises WrongCode, or Throttled after too many wrong codes in a row.
    """
    normalised = _normalised(code)
    device: Device | None
    if TOTP_CODE.fullmatch(normalised):
        device = authenticator_of(user)
    elif RECOVERY_CODE.fullmatch(normalised):
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    else:
        raise WrongCode
    if device is None:
        raise WrongCode
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise Throttled(_seconds_until(details["locked_until"]))
    # django-otp locks the device's row while it checks, so a code cannot be spent twice.
    verified = django_otp.verify_token(user, device.persistent_id, normalised)
    if verified is None:
        raise WrongCode
    return Verified(verified, used_recovery_code=isinstance(verified, StaticDevice))


def _seconds_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def forget_authenticator(user: User) -> None:
    """Remove the member's authenticator app, for them to enrol a new one (their recovery
    codes stay). The caller has had a current code from them."""
    TOTPDevice.objects.filter(user=user).delete()


def reset(*, user: User, by: str) -> int:
    """Remove every second factor of `user`'s (app and recovery codes), for an operator
    helping someone who lost their phone; the number of devices removed.

    At their next request with a password session they are asked to enrol again.
    """
    with transaction.atomic():
        removed = sum(
            model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
            for model in (TOTPDevice, StaticDevice)
        )
    # The audit trail (JSON logs, filmsite/jsonlog); the admin's action also writes the
    # member's admin history. Not the moderation log: resetting a factor moderates nothing.
    logger.warning("second factor reset for user %s (%s) by %s", user.pk, user.get_username(), by)
    return removed
