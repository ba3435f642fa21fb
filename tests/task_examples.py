"""Tasks for the tests of the task machinery, importable by a worker the tests start."""

from filmsite.tasks import retried_task


@retried_task
def always_fails(*, note: str) -> None:
    raise RuntimeError(f"this task always fails ({note})")
