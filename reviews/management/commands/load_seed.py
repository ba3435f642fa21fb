"""Load the seed fixture (or others) in one transaction, keeping films' stored ratings true.

Loading a fixture writes Film rows as they are in the file, which would reset the rating
figures that the reviews app keeps on them; this command recomputes them before committing,
and gives the films new page versions.
A broken fixture is reported as a one-line error with exit code 1, and nothing is written.

`make run` runs it every time: without fixtures named, it loads the seed only into a catalog
without the seed's film (at its slug, or at a slug it once had: renamed, or merged into
another film), so that it never writes over what editors and members did to the seed's rows,
nor brings back at the old address a film that was renamed. Named, the seed is loaded over
what is there.
"""

from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser, call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction
from django.db.models import Q

from catalog.models import Film
from filmsite.pagecache.versions import bump, deferred
from reviews.models import Review
from reviews.services import refresh_stored_figures

SEED_FIXTURE = "leaving_las_vegas"
SEED_FILM_SLUG = "leaving-las-vegas-1995"  # the fixture's film (tests/test_seed_fixture.py)


class Command(BaseCommand):
    help = (
        "Load the Leaving Las Vegas seed unless its film is in the catalog already (or load "
        "the named fixtures, the seed's name included, over what is there)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fixtures", nargs="*")

    def handle(self, *args: Any, fixtures: list[str], **options: Any) -> None:
        if not fixtures:
            if seed_film_present():
                if options["verbosity"]:
                    self.stdout.write(
                        "The seed is in the catalog already: nothing changed. (To load it over "
                        f"what is there: manage.py load_seed {SEED_FIXTURE})"
                    )
                return
            fixtures = [SEED_FIXTURE]
        try:
            # Each row loaded bumps its films (catalog.signals): one bump for them all.
            with transaction.atomic(), deferred():
                call_command("loaddata", *fixtures, verbosity=options["verbosity"])
                reviewed = Review.objects.order_by().values("film_id")
                refresh_stored_figures(Film.objects.filter(pk__in=reviewed))
                # Catalog rows bumped their films as they were saved; reviews, votes and
                # ratings send no such signal.
                bump(Film.objects.filter(pk__in=reviewed))
        except (DatabaseError, DeserializationError, CommandError, ValueError) as error:
            raise CommandError(str(error).splitlines()[0]) from error


def seed_film_present() -> bool:
    """Whether the seed's film is in the catalog, under its slug or one it once had."""
    return Film.objects.filter(
        Q(slug=SEED_FILM_SLUG) | Q(former_slugs__slug=SEED_FILM_SLUG)
    ).exists()
