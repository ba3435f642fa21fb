"""Load the seed fixture (or others) in one transaction, keeping films' stored ratings true.

Loading a fixture writes Film rows as they are in the file, which would reset the rating
figures that the reviews app keeps on them; this command recomputes them before committing,
and gives the films new page versions.
A broken fixture is reported as a one-line error with exit code 1, and nothing is written.
"""

from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser, call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from catalog.models import Film
from filmsite.pagecache.versions import bump, deferred
from reviews.models import Review
from reviews.services import refresh_film_ratings

SEED_FIXTURE = "leaving_las_vegas"


class Command(BaseCommand):
    help = "Load the Leaving Las Vegas seed (or the named fixtures); running it twice is harmless."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fixtures", nargs="*", default=[SEED_FIXTURE])

    def handle(self, *args: Any, fixtures: list[str], **options: Any) -> None:
        try:
            # Each row loaded bumps its films (catalog.signals): one bump for them all.
            with transaction.atomic(), deferred():
                call_command("loaddata", *fixtures, verbosity=options["verbosity"])
                reviewed = Review.objects.order_by().values("film_id")
                refresh_film_ratings(Film.objects.filter(pk__in=reviewed))
                # Catalog rows bumped their films as they were saved; reviews, votes and
                # ratings send no such signal.
                bump(Film.objects.filter(pk__in=reviewed))
        except (DatabaseError, DeserializationError, CommandError, ValueError) as error:
            raise CommandError(str(error).splitlines()[0]) from error
