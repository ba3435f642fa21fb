"""Background tasks: tried again later when they fail, a bounded number of times."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from filmsite.tasks import retry_delay
from tests.task_examples import always_fails

pytestmark = pytest.mark.django_db


def test_the_delay_doubles_after_each_failed_attempt(settings):
    settings.TASK_RETRY_DELAY = 30
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(seconds=s) for s in (30, 60, 120)]


def test_a_failing_task_is_tried_again_later_then_marked_failed(run_tasks, settings):
    settings.TASK_ATTEMPTS = 3
    settings.TASK_RETRY_DELAY = 10
    always_fails.enqueue(note="first")
    delays = []
    for _ in range(settings.TASK_ATTEMPTS - 1):
        assert run_tasks() == 1
        later = DBTaskResult.objects.get(status="READY")
        assert run_tasks() == 0  # not before its time
        delays.append((later.run_after - timezone.now()).total_seconds())
        later.run_after = timezone.now()
        later.save()
    assert run_tasks() == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
    attempts = DBTaskResult.objects.order_by("enqueued_at")
    assert [row.status for row in attempts] == ["FAILED"] * 3
    assert [row.args_kwargs["kwargs"] for row in attempts] == [
        {"note": "first"},
        {"note": "first", "task_attempt": 2},
        {"note": "first", "task_attempt": 3},
    ]
    assert all(row.exception_class_path == "builtins.RuntimeError" for row in attempts)
    assert 9 < delays[0] <= 10
    assert 19 < delays[1] <= 20
