"""Background tasks that are tried again when they fail, a bounded number of times.

Django's Tasks framework queues and runs a task once; its database backend has no retries.
`retried_task` makes a task that, when its function raises, queues itself again with the same
arguments and a later `run_after` (TASK_RETRY_DELAY seconds, doubled at each attempt), up to
TASK_ATTEMPTS attempts in all. The attempt that failed is still recorded as failed, with its
traceback; only the last one leaves nothing queued behind it.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.tasks import Task, TaskContext, task
from django.utils import timezone

logger = logging.getLogger(__name__)

# The keyword argument that carries the attempt's number into the next one.
ATTEMPT = "task_attempt"


def retry_delay(attempt: int) -> timedelta:
    """How long after failed attempt number `attempt` the next one runs."""
    return timedelta(seconds=settings.TASK_RETRY_DELAY * 2 ** (attempt - 1))


def retried_task(function: Callable[..., Any]) -> Task:
    """`@task`, tried again on failure; `function` takes JSON-serialisable arguments."""

    def attempt(context: TaskContext, *args: Any, **kwargs: Any) -> Any:
        number = kwargs.pop(ATTEMPT, 1)
        try:
            return function(*args, **kwargs)
        except Exception:
            this_task = context.task_result.task
            if number >= settings.TASK_ATTEMPTS:
                logger.exception("Task %s failed after %d attempts", this_task.name, number)
                raise
            later = this_task.using(run_after=timezone.now() + retry_delay(number))
            later.enqueue(*args, **kwargs, **{ATTEMPT: number + 1})
            logger.warning(
                "Task %s failed (attempt %d); tried again in %s",
                this_task.name,
                number,
                retry_delay(number),
                exc_info=True,
            )
            raise

    # Named as `function`, so that the worker finds the task under that name in its module; its
    # own signature kept (no __wrapped__), as the backend checks it starts with `context`.
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(attempt, name, getattr(function, name))
    return task(takes_context=True)(attempt)
