"""Fixtures for the accounts tests."""

import pytest


@pytest.fixture(autouse=True)
def worker_delivers_at_once(monkeypatch):
    """Members' mail is queued for the task worker (`filmsite.mail`); here the worker runs as
    soon as a message is queued, so a test reads `mail.outbox` after a request as a member
    reads their inbox. The queue itself is real: tasks are stored, claimed and run."""
    from filmsite.accounts import mail
    from tests.task_worker import run_queued_tasks

    queue = mail.enqueue_mail

    def enqueue_and_run(**message):
        result = queue(**message)
        run_queued_tasks()
        return result

    monkeypatch.setattr(mail, "enqueue_mail", enqueue_and_run)
