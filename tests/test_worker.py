"""The task worker as production runs it: a `db_worker` process on the site's database."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing, contextmanager
from email import message_from_bytes, policy

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from catalog import images
from catalog.models import Film
from filmsite.mail import enqueue_mail
from tests.catalog import image_files
from tests.factories import FilmFactory
from tests.task_examples import always_fails

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_COMMAND = ["manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]


@contextmanager
def database_url_for_worker(tmp_path):
    """A URL of the test database that another process can open.

    PostgreSQL's test database is one; SQLite's is in this process's memory, so the worker
    gets a file copy of it, copied back over it when the worker is done.
    """
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        yield (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or ''}"
            f":{database['PORT'] or 5432}/{database['NAME']}"
        )
        return
    assert connection.vendor == "sqlite"
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as file_database:
        connection.connection.backup(file_database)
    yield f"sqlite:///{path}"
    with closing(sqlite3.connect(path)) as file_database:
        file_database.backup(connection.connection)


def run_worker(tmp_path, media_root, **environment):
    """Run `db_worker` until the queue is empty, with the production settings."""
    mail_dir = tmp_path / "mail"
    with database_url_for_worker(tmp_path) as database_url:
        result = subprocess.run(
            [sys.executable, *WORKER_COMMAND],
            cwd=django_settings.BASE_DIR,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
                "DATABASE_URL": database_url,
                "DJANGO_MEDIA_ROOT": str(media_root),
                "WORKER_MAIL_DIR": str(mail_dir),
                **environment,
            },
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in mail_dir.glob("*")]


def test_a_worker_process_makes_renditions_and_sends_mail(tmp_path, media_root, stored_files):
    film = FilmFactory(poster=image_files.png(400, 600, mode="RGB"))
    enqueue_mail(to=["editor@example.org"], subject="Your poster", body="It is up.")
    assert stored_files() == [film.poster.name]
    sent = run_worker(tmp_path, media_root)
    film = Film.objects.get(pk=film.pk)
    assert film.poster_rendered
    assert stored_files() == sorted(
        [film.poster.name, *images.rendition_names(film.poster.name, 400)]
    )
    # The file backend writes each message followed by a line of dashes.
    assert [(m["To"], m["Subject"], m.get_content().split("\n")[0]) for m in sent] == [
        ("editor@example.org", "Your poster", "It is up.")
    ]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_worker_process_retries_a_failing_task_then_marks_it_failed(tmp_path, media_root):
    always_fails.enqueue(note="worker")
    run_worker(tmp_path, media_root, DJANGO_TASK_ATTEMPTS="3", DJANGO_TASK_RETRY_DELAY="0")
    attempts = DBTaskResult.objects.order_by("enqueued_at")
    assert [(row.status, row.args_kwargs["kwargs"].get("task_attempt", 1)) for row in attempts] == [
        ("FAILED", 1),
        ("FAILED", 2),
        ("FAILED", 3),
    ]
    assert "this task always fails (worker)" in attempts[2].traceback
