"""IMDb imports run by the task worker, queued by `import_imdb --background` or the admin.

Not tried again on failure, unlike mail and renditions: an import fails on its files (one
missing, unreadable), which a second attempt would meet again, and each attempt is long.
A run that stopped part-way is started again by hand; it updates, never duplicates.
"""

import logging
from typing import Any

from django.tasks import task

from .imdb import Importer, Report

logger = logging.getLogger(__name__)

# Problems kept in the task's result; the worker's log has them all.
PROBLEMS_KEPT = 50


@task
def import_imdb(*, directory: str, types: list[str], batch_size: int) -> dict[str, Any]:
    """Import the dataset files in `directory`; the result is the import's summary."""
    report = Importer(directory, types=types, batch_size=batch_size, progress=logger.info).run()
    for problem in report.problems:
        logger.info("skipped %s", problem)
    return summary(report)


def summary(report: Report) -> dict[str, Any]:
    return {
        "files": {
            file.name: {
                "found": file.found,
                "rows": file.rows,
                "created": file.created,
                "updated": file.updated,
                "skipped": sum(file.skipped.values()),
            }
            for file in report.files.values()
        },
        "problems": report.problems[:PROBLEMS_KEPT],
    }
