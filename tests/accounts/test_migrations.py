"""Members who joined before addresses were confirmed (migration 0002) keep publishing, and the
privacy and terms pages exist after migrating (0003)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from filmsite.accounts import services
from filmsite.accounts.models import MemberAddress
from reviews import services as reviews
from tests.factories import FilmFactory

BEFORE = [("accounts", "0001_initial")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_members_from_before_confirmation_count_as_confirmed():
    old = migrate(BEFORE)
    old.get_model("auth", "User").objects.create(username="longtime", email="l@example.org")
    migrate()
    address = MemberAddress.objects.get(member__username="longtime")
    assert address.is_confirmed
    review = reviews.post_review(
        author=address.member, film=FilmFactory(), body="A review written by a long-time member."
    )
    assert not review.is_held
    assert services.address_of(address.member) == address


@pytest.mark.django_db
def test_the_privacy_and_terms_pages_are_seeded():
    assert set(FlatPage.objects.values_list("url", flat=True)) >= {"/privacy/", "/terms/"}


BEFORE_UNIQUE_EMAIL = [("accounts", "0004_username_case_insensitive_index")]


@pytest.mark.django_db(transaction=True)
def test_migrating_names_addresses_that_accounts_share_and_stops():
    old = migrate(BEFORE_UNIQUE_EMAIL)
    users = old.get_model("auth", "User").objects
    users.create(username="one", email="Same@Example.org")
    users.create(username="two", email="same@example.org")
    users.create(username="three", email="")
    users.create(username="four", email="")
    with pytest.raises(CommandError, match=r"1 email address\(es\) .*SAME@EXAMPLE.ORG"):
        migrate()
    users.filter(username="two").update(email="two@example.org")
    migrate()
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create(username="five", email="SAME@example.org")
