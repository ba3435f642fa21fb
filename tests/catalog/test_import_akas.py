"""Importing other titles (title.akas.tsv): idempotent, bad rows reported, shown by country."""

import pytest

from catalog.models import AlternativeTitle, Film
from tests.catalog.test_import_imdb import BASICS, run, write

pytestmark = pytest.mark.django_db

AKAS = [
    "titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle",
    "tt0113627\t1\tLeaving Las Vegas\t\\N\t\\N\toriginal\t\\N\t1",
    "tt0113627\t2\tAdiós a Las Vegas\tES\tes\timdbDisplay\t\\N\t0",
    "tt0113627\t3\tLeaving Las Vegas - Liebe bis in den Tod\tDE\t\\N\timdbDisplay\t\\N\t0",
    "tt0210075\t1\tTimecode\tUS\t\\N\t\\N\t\\N\t0",
    "tt7777777\t1\tNot Imported\tUS\t\\N\t\\N\t\\N\t0",
    "tt0113627\tfirst\tBad Ordering\tFR\t\\N\t\\N\t\\N\t0",
    "tt0113627\t9\t\\N\tFR\t\\N\t\\N\t\\N\t0",
    "tt0113627\t10\tToo Long Region\tFRANCE\t\\N\t\\N\t\\N\t0",
]


@pytest.fixture
def dataset(tmp_path):
    write(tmp_path, "title.basics.tsv", BASICS)
    write(tmp_path, "title.akas.tsv", AKAS)
    return tmp_path


def test_akas_are_imported_for_imported_films(dataset):
    report = run(dataset)
    vegas = Film.objects.get(tconst="tt0113627")
    titles = dict(vegas.alternative_titles.values_list("region", "title"))
    assert titles == {
        "": "Leaving Las Vegas",
        "ES": "Adiós a Las Vegas",
        "DE": "Leaving Las Vegas - Liebe bis in den Tod",
    }
    akas = report.file("akas")
    assert (akas.created, akas.skipped["title not imported"]) == (4, 1)
    problems = "\n".join(report.problems)
    assert "title.akas.tsv:7: ordering is not a whole number: 'first'" in problems
    assert "title.akas.tsv:8: title is empty" in problems
    assert "title.akas.tsv:9: region is longer than 4 characters" in problems


def test_a_second_run_of_the_same_akas_writes_nothing(dataset):
    run(dataset)
    before = list(AlternativeTitle.objects.order_by("pk").values())
    report = run(dataset)
    assert (report.file("akas").created, report.file("akas").updated) == (0, 0)
    assert list(AlternativeTitle.objects.order_by("pk").values()) == before


def test_a_changed_aka_is_updated_in_place(dataset):
    run(dataset)
    changed = [line.replace("Adiós a Las Vegas", "Adiós, Las Vegas") for line in AKAS]
    write(dataset, "title.akas.tsv", changed)
    report = run(dataset)
    assert report.file("akas").updated == 1
    assert AlternativeTitle.objects.filter(title="Adiós, Las Vegas", region="ES").count() == 1
    assert AlternativeTitle.objects.count() == 4
