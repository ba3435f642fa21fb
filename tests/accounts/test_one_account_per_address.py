"""One account per email address, in any case: checked by the forms and held by the
database (accounts migration 0005), so that two requests at the same instant cannot both
take one address. A race is played here by letting the form's check pass once, as it would
have before the other account's request committed."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from filmsite.accounts import forms
from filmsite.accounts.forms import SignupForm
from filmsite.accounts.models import MemberAddress
from tests.accounts.test_address_confirmation import SIGNUP, signed_up
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TAKEN = "An account with this email address already exists."


@pytest.fixture
def check_too_early(monkeypatch):
    """Call it, and the forms' next check of an address finds it free: as if the other
    account came just after."""
    real = forms.free_email

    def arm():
        def blind_once(email, member=None):
            monkeypatch.setattr(forms, "free_email", real)
            return get_user_model().objects.normalize_email(email)

        monkeypatch.setattr(forms, "free_email", blind_once)

    return arm


def test_a_sign_up_losing_the_race_for_its_address_is_told_and_writes_nothing(
    client, check_too_early
):
    UserFactory(username="quicker", email="NEW@example.org")
    accounts = get_user_model().objects.count()
    check_too_early()
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert get_user_model().objects.count() == accounts
    assert not MemberAddress.objects.filter(member__username="newviewer").exists()
    assert "_auth_user_id" not in client.session
    assert mail.outbox == []


def test_a_sign_up_refused_by_the_database_for_no_reason_the_form_sees_is_told_so(
    client, monkeypatch
):
    # The other account may have gone again by the time the form checks once more.
    def taken_meanwhile(*args, **kwargs):
        raise IntegrityError("duplicate key value")

    monkeypatch.setattr(SignupForm, "save", taken_meanwhile)
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 200
    assert "Someone signed up with these details a moment ago." in response.content.decode()
    assert not get_user_model().objects.filter(username="newviewer").exists()


def test_an_unconfirmed_address_changed_to_one_just_taken_stays_as_it_was(client, check_too_early):
    member = signed_up(client)
    mail.outbox.clear()
    UserFactory(email="wanted@example.org")
    check_too_early()
    response = client.post(reverse("change_address"), {"email": "Wanted@example.org"})
    assert response.status_code == 400
    assert TAKEN in response.content.decode()
    assert "new@example.org" in response.content.decode()  # the page names the address kept
    member.refresh_from_db()
    assert member.email == "new@example.org"
    assert mail.outbox == []


def test_the_admin_refuses_an_address_another_account_has(admin_client):
    UserFactory(email="taken@example.org")
    member = UserFactory(email="mine@example.org")
    url = reverse("admin:auth_user_change", args=[member.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in {"password", "groups", "user_permissions", "last_login", "date_joined"}
        and value is not None
    }
    data.update(
        email="Taken@example.org",
        date_joined_0=member.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=member.date_joined.strftime("%H:%M:%S"),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    member.refresh_from_db()
    assert member.email == "mine@example.org"
    data["email"] = "other@example.org"
    assert admin_client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.email == "other@example.org"
