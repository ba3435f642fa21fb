"""Parallel log-in guesses against PostgreSQL and the shared cache: no more pass than the limit."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from filmsite import ratelimit
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="parallel requests need PostgreSQL"
    ),
]

GUESSES = 40


def test_parallel_wrong_passwords_from_one_address_pass_the_limit_at_most():
    UserFactory(username="target", password="the-right-password")
    barrier = threading.Barrier(GUESSES)

    def guess():
        try:
            barrier.wait(timeout=30)
            response = Client().post(reverse("login"), {"username": "target", "password": "wrong"})
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=GUESSES) as pool:
        statuses = [future.result() for future in [pool.submit(guess) for _ in range(GUESSES)]]
    checked = statuses.count(200)  # the form refused the password: the hasher ran
    assert statuses.count(429) == GUESSES - checked
    assert 0 < checked <= ratelimit.LOGIN_PER_ADDRESS_AND_USERNAME.limit
