"""Concurrent writers on PostgreSQL: every write gets its own version, and none deadlock.

Every writer of the site takes the page stamp's row; each takes its films' rows first, so
writers of several films and writers of one queue instead of waiting on each other.
"""

import pytest
from django.db import connection

from catalog.models import Film
from filmsite.pagecache.versions import site_version
from reviews import services
from reviews.models import Review
from tests.factories import CreditFactory, FilmFactory, ReviewFactory, UserFactory
from tests.reviews.test_concurrency import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL's concurrency"
    ),
]


def test_writers_of_every_kind_at_once_neither_deadlock_nor_reuse_a_version():
    first, second = FilmFactory(), FilmFactory()
    voted_on = ReviewFactory(film=first)
    to_hide = [ReviewFactory(film=first), ReviewFactory(film=second)]
    leaving = UserFactory()
    ReviewFactory(film=first, author=leaving)
    services.vote(review=ReviewFactory(film=second), voter=leaving, is_helpful=True)
    person = CreditFactory(film=first).person
    CreditFactory(film=second, person=person, character="Another part")
    before = site_version()

    def poster(film):
        return lambda: services.post_review(author=UserFactory(), film=film, body="At once.")

    def voter():
        return lambda: services.vote(review=voted_on, voter=UserFactory(), is_helpful=True)

    def rename():
        person.name = "Renamed at once"
        person.save()

    tasks = [poster(film) for film in (first, second) * 4]
    tasks += [voter() for _ in range(4)]
    tasks += [
        lambda: services.rate_many(member=UserFactory(), scores={first.pk: 7, second.pk: 8}),
        lambda: services.set_hidden(
            Review.objects.filter(pk__in=[review.pk for review in to_hide]), hidden=True
        ),
        rename,
        leaving.delete,
    ]
    run_at_once(tasks)  # a deadlock would raise here

    # None deadlocked (run_at_once raises), and what they handed out is new: the stamp and
    # both films' versions are above every version before. (Versions never fall below the
    # clock, so they are not counted one increment per writer.)
    assert site_version() > before
    versions = Film.objects.filter(pk__in=[first.pk, second.pk]).values_list(
        "page_version", flat=True
    )
    assert min(versions) > before
