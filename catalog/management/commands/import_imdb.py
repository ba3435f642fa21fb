"""`manage.py import_imdb DIR`: a thin shell over catalog.importers.imdb.

It imports at once and prints the summary; with `--background` it queues the import for the
task worker instead (catalog.importers.tasks) and returns.
"""

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser

from catalog.importers.imdb import BATCH_SIZE, DEFAULT_TYPES, FILES, Importer, ImportFailed
from catalog.importers.tasks import import_imdb


class Command(BaseCommand):
    help = (
        "Import films, IMDb ratings, people and credits from the IMDb dataset files in DIR "
        f"({', '.join(FILES.values())}; plain or .gz). Running it again updates, never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--types",
            default=",".join(DEFAULT_TYPES),
            help="comma-separated title types to import (default: movie), e.g. movie,tvMovie",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the import for the task worker (manage.py db_worker) and return",
        )

    def handle(
        self, directory: str, types: str, batch_size: int, background: bool, **options: Any
    ) -> None:
        title_types = [kind for kind in types.split(",") if kind]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if background:
            self.queue(directory, title_types, batch_size)
            return
        importer = Importer(
            directory,
            types=title_types,
            batch_size=batch_size,
            progress=lambda message: self.stderr.write(message) if options["verbosity"] else None,
        )
        try:
            report = importer.run()
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for problem in report.problems[:50]:
            self.stderr.write(f"skipped {problem}")
        if len(report.problems) > 50:
            self.stderr.write(f"... and {len(report.problems) - 50} more skipped rows")
        self.stdout.write("Summary:")
        for file_report in report.files.values():
            if not file_report.found:
                self.stdout.write(f"  {file_report.name}: not found, nothing imported from it")
                continue
            self.stdout.write(
                f"  {file_report.name}: {file_report.rows:,} rows; created {file_report.created:,},"
                f" updated {file_report.updated:,}, skipped {sum(file_report.skipped.values()):,}"
            )
            for reason, count in file_report.skipped.most_common():
                self.stdout.write(f"    skipped {count:,}: {reason}")

    def queue(self, directory: str, title_types: list[str], batch_size: int) -> None:
        # The worker runs elsewhere (another folder, maybe another container sharing this
        # one's volumes): it is given the absolute path, checked here to fail early.
        folder = Path(directory).resolve()
        if not folder.is_dir():
            raise CommandError(f"{directory} is not a directory")
        result = import_imdb.enqueue(
            directory=str(folder), types=title_types, batch_size=batch_size
        )
        self.stdout.write(
            f"Queued import {result.id} of {folder}; the task worker runs it "
            "(manage.py db_worker), and the admin's import page shows how it ended."
        )
