"""Fixtures for the moderation tests: a moderator logged in, and the admin's actions."""

import pytest
from django.urls import reverse

from tests.factories import staff_member
from tests.logins import log_in_staff
from tests.task_worker import run_queued_tasks


@pytest.fixture
def moderator(client):
    user = staff_member("Moderators", username="mod")
    log_in_staff(client, user)
    return user


@pytest.fixture
def delivered(mailoutbox):
    """A function that runs the queued mail tasks, as the worker would, and gives the outbox."""

    def deliver():
        run_queued_tasks()
        return mailoutbox

    return deliver


def run_action(client, changelist, action, rows, **reason_page):
    """Run an admin action on `rows`; `reason_page` answers the page asking why, if any."""
    posted = {"action": action, "_selected_action": [row.pk for row in rows]}
    if reason_page:
        posted |= {"apply": "yes", **reason_page}
    return client.post(reverse(changelist), posted, follow=True)
