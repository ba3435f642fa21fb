"""Writes to members' accounts: confirming addresses, leaving, and signing out everywhere.

Confirmation links carry a signed, timestamped token naming the member and a digest of the
address it confirms and of when their address was last confirmed. A link is good for
CONFIRMATION_MAX_AGE, for the address it was mailed to, and once: confirming any address
changes the last confirmation, and with it the digest every earlier link carries.
"""

import hashlib
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from filmsite.openweb.addresses import absolute_url
from filmsite.pagecache.versions import deferred
from reviews import services as reviews

from .mail import send_member_mail
from .models import MemberAddress

CONFIRMATION_SALT = "filmsite.accounts.confirm-address"
CONFIRMATION_MAX_AGE = timedelta(days=3)


class LinkInvalid(Exception):
    """The link was mistyped, used already, or replaced by a newer one."""


class LinkExpired(Exception):
    """The link is older than CONFIRMATION_MAX_AGE."""


class AddressTaken(Exception):
    """Another account has the address."""


def address_of(member: User) -> MemberAddress:
    """The member's address row; for an account made by staff, which has none, a confirmed
    one, saved by the first change made to it."""
    address = MemberAddress.objects.filter(member=member).first()
    return address or MemberAddress(member=member, confirmed_at=member.date_joined)


def address_to_confirm(address: MemberAddress) -> str:
    """The address a link would confirm now: a new one waiting, or an unconfirmed own one."""
    if address.pending_email:
        return address.pending_email
    return "" if address.is_confirmed else address.member.email


def _digest(email: str, confirmed_at: datetime | None) -> str:
    state = f"{email.casefold()}|{confirmed_at.isoformat() if confirmed_at else ''}"
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def confirmation_token(address: MemberAddress) -> str:
    email = address_to_confirm(address)
    payload = {"m": address.member_id, "d": _digest(email, address.confirmed_at)}
    return signing.dumps(payload, salt=CONFIRMATION_SALT)


def confirmation_path(token: str) -> str:
    """The link's path: the token's three parts (payload, time, signature) as path segments,
    each a slug (base64url or base 62), so the route takes no wider text."""
    payload, stamp, signature = token.split(":")
    return reverse("confirm_address", args=[payload, stamp, signature])


def join_token(payload: str, stamp: str, signature: str) -> str:
    return ":".join([payload, stamp, signature])


def send_confirmation(address: MemberAddress) -> str:
    """Mail a link confirming `address_to_confirm(address)`; the address mailed. The link is
    on the site's own address (SITE_URL), whatever Host the request that asked for it named."""
    email = address_to_confirm(address)
    path = confirmation_path(confirmation_token(address))
    send_member_mail(
        to=email,
        subject="Confirm your email address for Filmsite",
        template="accounts/mail/confirm_address.txt",
        context={
            "member": address.member,
            "link": absolute_url(path),
            "is_new_address": bool(address.pending_email),
            "days": CONFIRMATION_MAX_AGE.days,
        },
    )
    return email


def await_confirmation(member: User) -> MemberAddress:
    """Mark a new member's address unconfirmed: their reviews are held until they confirm it."""
    return MemberAddress.objects.create(member=member)


def _read_token(token: str) -> tuple[int, str]:
    """The member id and digest a link carries; raises LinkInvalid or LinkExpired."""
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(payload, dict):
        raise LinkInvalid
    member_id, digest = payload.get("m"), payload.get("d")
    if not isinstance(member_id, int) or not isinstance(digest, str):
        raise LinkInvalid
    return member_id, digest


def _matching(addresses: QuerySet[MemberAddress], token: str) -> MemberAddress:
    member_id, digest = _read_token(token)
    address = addresses.select_related("member").filter(member=member_id).first()
    if address is None:
        raise LinkInvalid
    email = address_to_confirm(address)
    if not email or digest != _digest(email, address.confirmed_at):
        raise LinkInvalid
    return address


def address_for_token(token: str) -> MemberAddress:
    """The address row a link is for, if the link is still good; raises LinkInvalid/Expired."""
    return _matching(MemberAddress.objects.all(), token)


def confirm_address(token: str) -> tuple[MemberAddress, int]:
    """Confirm the address a link was mailed to; the row and how many reviews it published.

    A new address replaces the old only now. Raises LinkInvalid, LinkExpired, or AddressTaken
    if another account took the new address meanwhile.
    """
    with transaction.atomic():
        # The row locked before it is checked: two clicks of one link confirm once.
        address = _matching(MemberAddress.objects.select_for_update(of=("self",)), token)
        member = address.member
        if address.pending_email:
            _save_email(member, address.pending_email)
            address.pending_email = ""
        address.confirmed_at = timezone.now()
        address.save(update_fields=["confirmed_at", "pending_email"])
        published = reviews.publish_held_reviews(member)
    return address, published


def _save_email(member: User, email: str) -> None:
    """Store `email` as `member`'s address; AddressTaken, and `member` as it was, if another
    account took it since the form checked (the database holds one account per address, in
    any case: accounts migration 0005)."""
    previous, member.email = member.email, email
    try:
        with transaction.atomic():
            member.save(update_fields=["email"])
    except IntegrityError:
        member.email = previous
        raise AddressTaken from None


def change_address(address: MemberAddress, email: str) -> None:
    """Ask to change the member's address to `email`; the caller mails the link.

    A confirmed address stays until the new one is confirmed. An unconfirmed one (never
    proved, so nothing to keep) is replaced at once, and waits for confirmation as it did;
    AddressTaken if another account took `email` since the form checked.
    """
    with transaction.atomic():
        member = address.member
        if address.is_confirmed:
            address.pending_email = email
            address.save()
        else:
            _save_email(member, email)


def cancel_address_change(address: MemberAddress) -> None:
    if address.pending_email:
        address.pending_email = ""
        address.save(update_fields=["pending_email"])


def delete_account(*, member: User, keep_reviews: bool) -> None:
    """Delete `member` and everything of theirs, or all but their published reviews.

    Every stored figure their rows fed is recomputed in the same transaction (film ratings,
    counts and histograms, vote counts of the reviews they voted on: `reviews.signals`), and
    every page naming them gets a new version once, at the end.
    """
    with transaction.atomic(), deferred():
        if keep_reviews:
            reviews.keep_reviews_of_leaving_member(member)
        member.delete()


def sign_out_everywhere(member: User, password: str) -> None:
    """End every session of `member`'s: their password is hashed again with a new salt.

    Django checks each session against a digest of the stored password hash, so every
    session made before no longer matches; the caller keeps its own with
    `update_session_auth_hash`.
    """
    member.set_password(password)
    member.save(update_fields=["password"])
