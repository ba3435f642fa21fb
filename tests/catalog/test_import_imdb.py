"""The IMDb dataset importer, on small files in the dataset's format made by the tests."""

import gzip
from hashlib import sha256

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connection

from catalog.importers import imdb
from catalog.importers.writers import OrmWriter, PostgresCopyWriter
from catalog.models import Credit, Film, Genre, Person
from tests.factories import FilmFactory, PersonFactory

pytestmark = pytest.mark.django_db

BASICS = [
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres",
    "tt0113627\tmovie\tLeaving Las Vegas\tLeaving Las Vegas\t0\t1995\t\\N\t111\tDrama,Romance",
    "tt0210075\tmovie\tTimecode\tTimecode\t0\t2000\t\\N\t97\tComedy,Drama",
    "tt0000001\tshort\tCarmencita\tCarmencita\t0\t1894\t\\N\t1\tDocumentary,Short",
    "tt0119001\ttvMovie\tA TV Film\tA TV Film\t0\t1997\t\\N\t\\N\tDrama",
    "tt0400001\tmovie\tHeat\tHeat\t0\t1995\t\\N\t170\tCrime",
    "tt0400002\tmovie\tHeat\tHeat\t0\t1995\t\\N\t\\N\tDrama",
    "tt9999999\tmovie\tBroken Year\tBroken Year\t0\tnineteen\t\\N\t90\tDrama",
    "tt8888888\tmovie\tToo few columns",
]
RATINGS = [
    "tconst\taverageRating\tnumVotes",
    "tt0113627\t7.5\t130000",
    "tt0210075\tlots\t8000",
    "tt7777777\t5.0\t10",
]
PRINCIPALS = [
    "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
    'tt0113627\t1\tnm0000115\tactor\t\\N\t["Ben Sanderson"]',
    'tt0113627\t2\tnm0000223\tactress\t\\N\t["Sera"]',
    "tt0113627\t3\tnm0000999\tarchive_footage\t\\N\t\\N",
    'tt0000001\t1\tnm0000001\tself\t\\N\t["Herself"]',
]
CREW = [
    "tconst\tdirectors\twriters",
    "tt0113627\tnm0001241\tnm0001241,nm0623427",
    "tt0210075\tnm0001241\tnm0001241",
]
NAMES = [
    "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
    "nm0000115\tNicolas Cage\t1964\t\\N\tactor\ttt0113627",
    "nm0000223\tElisabeth Shue\t1963\t\\N\tactress\ttt0113627",
    "nm0001241\tMike Figgis\t1948\t\\N\tdirector\ttt0113627",
    "nm0623427\tJohn O'Brien\t1960\t1994\twriter\ttt0113627",
    "nm0000002\tNot Credited Here\t1900\t\\N\tactor\ttt0000002",
    "nm0000003\tBad Year\tsoon\t\\N\tactor\ttt0113627",
]


def write(directory, name, lines, compress=False):
    content = "\n".join(lines) + "\n"
    if compress:
        with gzip.open(directory / f"{name}.gz", "wt", encoding="utf-8") as file:
            file.write(content)
    else:
        (directory / name).write_text(content, encoding="utf-8")


@pytest.fixture(params=[False, True], ids=["plain", "gzip"])
def dataset(request, tmp_path):
    compress = request.param
    write(tmp_path, "title.basics.tsv", BASICS, compress)
    write(tmp_path, "title.ratings.tsv", RATINGS, compress)
    write(tmp_path, "title.principals.tsv", PRINCIPALS, compress)
    write(tmp_path, "title.crew.tsv", CREW, compress)
    write(tmp_path, "name.basics.tsv", NAMES, compress)
    return tmp_path


def problems_of(report):
    return "\n".join(report.problems).replace(".tsv.gz:", ".tsv:")


def run(directory, **options):
    return imdb.Importer(directory, batch_size=2, **options).run()


def test_import_makes_films_genres_ratings_people_and_credits(dataset):
    run(dataset)
    assert sorted(Film.objects.values_list("title", flat=True)) == [
        "Heat",
        "Heat",
        "Leaving Las Vegas",
        "Timecode",
    ]
    vegas = Film.objects.get(tconst="tt0113627")
    assert (vegas.slug, vegas.year, vegas.runtime_minutes, vegas.status) == (
        "leaving-las-vegas-1995",
        1995,
        111,
        "published",
    )
    assert str(vegas.imdb_rating) == "7.5"
    assert vegas.imdb_votes == 130000
    assert vegas.user_rating_average is None  # IMDb's rating is kept apart
    assert sorted(vegas.genres.values_list("name", flat=True)) == ["Drama", "Romance"]
    credits = {
        (c.person.name, c.kind, c.character, c.billing_order)
        for c in vegas.credits.select_related("person")
    }
    assert ("Nicolas Cage", "cast", "Ben Sanderson", 1) in credits
    assert ("Mike Figgis", "director", "", 0) in credits
    assert ("John O'Brien", "writer", "", 0) in credits
    figgis = Person.objects.get(nconst="nm0001241")
    assert (figgis.slug, figgis.birth_year) == ("mike-figgis", 1948)
    assert set(figgis.credits.values_list("film__title", flat=True)) == {
        "Leaving Las Vegas",
        "Timecode",
    }


def test_two_films_with_one_title_and_year_get_distinct_readable_slugs(dataset):
    run(dataset)
    assert sorted(Film.objects.filter(title="Heat").values_list("slug", flat=True)) == [
        "heat-1995",
        "heat-1995-tt0400002",
    ]


def test_second_run_updates_and_adds_nothing(dataset):
    run(dataset)
    counts = [model.objects.count() for model in (Film, Person, Credit, Genre)]
    slugs = sorted(Film.objects.values_list("slug", flat=True))
    report = run(dataset)
    assert [model.objects.count() for model in (Film, Person, Credit, Genre)] == counts
    assert sorted(Film.objects.values_list("slug", flat=True)) == slugs
    assert report.file("basics").created == 0
    assert report.file("basics").updated == 4
    assert (report.file("principals").created, report.file("principals").updated) == (0, 2)
    assert (report.file("crew").created, report.file("crew").updated) == (0, 5)


def test_malformed_rows_are_reported_with_file_and_line_and_skipped(dataset):
    report = run(dataset)
    problems = "\n".join(report.problems).replace(".tsv.gz:", ".tsv:")
    assert "title.basics.tsv:8: startYear is not a whole number: 'nineteen'" in problems
    assert "title.basics.tsv:9: 3 columns instead of 9" in problems
    assert "title.ratings.tsv:3: averageRating is not a number: 'lots'" in problems
    assert "name.basics.tsv:7: birthYear is not a whole number: 'soon'" in problems
    skipped = report.file("basics").skipped
    assert skipped["title type not imported (short)"] == 1
    assert skipped["title type not imported (tvMovie)"] == 1
    assert report.file("principals").skipped["category not imported (archive_footage)"] == 1
    assert report.file("principals").skipped["title not imported"] == 1


def test_second_run_with_changed_files_changes_the_stored_values(dataset):
    run(dataset)
    slugs = {"vegas": Film.objects.get(tconst="tt0113627").slug}
    slugs["timecode"] = Film.objects.get(tconst="tt0210075").slug
    slugs["cage"] = Person.objects.get(nconst="nm0000115").slug
    basics = [
        line.replace("\t1995\t\\N\t111\tDrama,Romance", "\t1996\t\\N\t112\tDrama")
        for line in BASICS
    ]
    basics = [line.replace("\tTimecode\tTimecode\t", "\tTime Code\tTimecode\t") for line in basics]
    write(dataset, "title.basics.tsv", basics)
    write(dataset, "title.ratings.tsv", [RATINGS[0], "tt0113627\t7.6\t130001"])
    cage_billed_fifth = 'tt0113627\t5\tnm0000115\tactor\t\\N\t["Ben Sanderson"]'
    write(dataset, "title.principals.tsv", [PRINCIPALS[0], cage_billed_fifth])
    cage_renamed = "nm0000115\tNick Cage\t1965\t2090\tactor\ttt0113627"
    write(dataset, "name.basics.tsv", [NAMES[0], cage_renamed])
    run(dataset)
    vegas = Film.objects.get(tconst="tt0113627")
    assert (vegas.year, vegas.runtime_minutes, str(vegas.imdb_rating), vegas.imdb_votes) == (
        1996,
        112,
        "7.6",
        130001,
    )
    assert list(vegas.genres.values_list("name", flat=True)) == ["Drama"]
    timecode = Film.objects.get(tconst="tt0210075")
    assert (timecode.title, timecode.original_title) == ("Time Code", "Timecode")
    cage = Person.objects.get(nconst="nm0000115")
    assert (cage.name, cage.birth_year, cage.death_year) == ("Nick Cage", 1965, 2090)
    # A rename, a new year or a new title never moves a page's address.
    assert (vegas.slug, timecode.slug, cage.slug) == (
        slugs["vegas"],
        slugs["timecode"],
        slugs["cage"],
    )
    assert cage.credits.get(film=vegas).billing_order == 5


def test_a_missing_file_is_reported_and_the_later_files_still_imported(dataset):
    for name in ("title.ratings.tsv", "title.ratings.tsv.gz"):
        (dataset / name).unlink(missing_ok=True)
    report = run(dataset)
    assert not report.file("ratings").found
    assert Film.objects.get(tconst="tt0113627").imdb_rating is None
    assert Person.objects.get(nconst="nm0001241").birth_year == 1948  # from the last file


def test_names_file_counts_updates_and_refuses_impossible_years(dataset):
    names = [
        *NAMES,
        "nm0000115\tNicolas Cage\t1964\t2201\tactor\ttt0113627",
        "nm0000223\tElisabeth Shue\t0\t\\N\tactress\ttt0113627",
        "nm0001241\t\\N\t1948\t\\N\tdirector\ttt0113627",
        "nm0623427\tJohn O'Brien\t1960\tlater\twriter\ttt0113627",
    ]
    write(dataset, "name.basics.tsv", names)
    report = run(dataset)
    names_report = report.file("names")
    text = problems_of(report)
    assert "name.basics.tsv:8: deathYear out of range: 2201" in text
    assert "name.basics.tsv:9: birthYear out of range: 0" in text
    assert "name.basics.tsv:10: primaryName is empty" in text
    assert "name.basics.tsv:11: deathYear is not a whole number: 'later'" in text
    assert names_report.updated == 4
    assert names_report.skipped["person not credited in an imported title"] == 1
    assert Person.objects.get(nconst="nm0623427").death_year == 1994


def test_types_option_chooses_the_title_types(dataset):
    run(dataset, types=["movie", "tvMovie"])
    assert Film.objects.filter(tconst="tt0119001").exists()
    assert not Film.objects.filter(tconst="tt0000001").exists()


def test_people_nobody_is_credited_with_are_not_imported(dataset):
    run(dataset)
    assert not Person.objects.filter(nconst="nm0000002").exists()
    assert not Person.objects.filter(nconst="nm0000001").exists()  # credited only in a short


def test_hand_entered_seed_film_and_people_are_adopted_not_duplicated(dataset):
    call_command("load_seed", verbosity=0)
    run(dataset)
    vegas = Film.objects.get(slug="leaving-las-vegas-1995")
    assert vegas.tconst == "tt0113627"
    assert Film.objects.filter(title="Leaving Las Vegas").count() == 1
    assert Person.objects.filter(name="Nicolas Cage").count() == 1
    assert Person.objects.get(name="Nicolas Cage").nconst == "nm0000115"
    cage_credits = vegas.credits.filter(person__name="Nicolas Cage")
    assert list(cage_credits.values_list("character", flat=True)) == ["Ben Sanderson"]
    figgis = Person.objects.get(name="Mike Figgis")
    assert (figgis.slug, figgis.nconst, figgis.birth_year) == ("mike-figgis", "nm0001241", 1948)
    assert set(figgis.credits.values_list("film__tconst", "kind")) >= {
        ("tt0113627", "director"),
        ("tt0113627", "writer"),
        ("tt0210075", "director"),
    }
    assert not Person.objects.filter(nconst__isnull=True, name="Mike Figgis").exists()
    assert vegas.reviews.count() == 4


def test_command_prints_progress_and_a_summary(dataset, capsys):
    call_command("import_imdb", str(dataset), "--batch-size", "2")
    captured = capsys.readouterr()
    assert "rows/s" in captured.err
    err = captured.err.replace(".tsv.gz:", ".tsv:")
    assert "skipped title.basics.tsv:8: startYear is not a whole number" in err
    assert "title.basics.tsv: 8 rows; created 4, updated 0, skipped 4" in captured.out


def test_missing_directory_or_basics_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("import_imdb", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match=r"title.basics.tsv \(or .gz\) is missing"):
        call_command("import_imdb", str(tmp_path))


def test_unreadable_gzip_or_wrong_header_is_a_clear_error(tmp_path):
    (tmp_path / "title.basics.tsv.gz").write_bytes(b"\x1f\x8bnot really gzip")
    with pytest.raises(CommandError, match=r"title\.basics\.tsv\.gz: cannot be read"):
        call_command("import_imdb", str(tmp_path), verbosity=0)
    (tmp_path / "title.basics.tsv.gz").unlink()
    write(tmp_path, "title.basics.tsv", ["a\tb\tc", "1\t2\t3"])
    with pytest.raises(CommandError, match=r"the header is not that of title\.basics\.tsv"):
        call_command("import_imdb", str(tmp_path), verbosity=0)
    assert not Film.objects.exists()


def test_corrupt_gzip_after_earlier_batches_keeps_them_and_exits_with_one_line(
    tmp_path, capsys, monkeypatch
):
    # Titles that compress poorly, so half the file holds many batches of 100.
    tconsts = [f"tt{n:07d}" for n in range(1, 3001)]
    lines = [BASICS[0]] + [
        f"{tconst}\tmovie\t{sha256(tconst.encode()).hexdigest()}\t\\N\t0\t2000\t\\N\t90\tDrama"
        for tconst in tconsts
    ]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    (tmp_path / "title.basics.tsv.gz").write_bytes(data[: len(data) // 2])  # cut mid-stream
    # The command closes its connections on the way out; the test's transaction needs its own.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(
            ["manage.py", "import_imdb", str(tmp_path), "--batch-size=100", "--verbosity=0"]
        )
    assert exit.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith("CommandError: title.basics.tsv.gz: cannot be read (")
    assert error.count("\n") == 1
    imported = sorted(Film.objects.values_list("tconst", flat=True))
    assert len(imported) >= 300
    assert len(imported) % 100 == 0  # whole batches only
    assert imported == tconsts[: len(imported)]


def test_an_interrupted_run_leaves_whole_batches_only(dataset, monkeypatch):
    original = imdb.Importer.import_titles
    calls = []

    def fail_on_second_batch(self, batch, report, path):
        calls.append(batch)
        original(self, batch, report, path)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(imdb.Importer, "import_titles", fail_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        run(dataset)
    imported = set(Film.objects.values_list("tconst", flat=True))
    first_batch = {row["tconst"] for _, row in calls[0] if row["titleType"] == "movie"}
    assert imported == first_batch


def test_postgresql_loads_through_copy_and_others_through_orm_upserts(tmp_path):
    expected = PostgresCopyWriter if connection.vendor == "postgresql" else OrmWriter
    assert isinstance(imdb.Importer(tmp_path).writer, expected)


def test_principals_join_characters_for_cast_only_and_bill_unordered_rows_first(tmp_path):
    write(tmp_path, "title.basics.tsv", BASICS[:2])
    write(
        tmp_path,
        "title.principals.tsv",
        [
            PRINCIPALS[0],
            'tt0113627\t\\N\tnm0000115\tactor\t\\N\t["Ben Sanderson", "Narrator"]',
            'tt0113627\t4\tnm0001241\tdirector\t\\N\t["Himself"]',
        ],
    )
    run(tmp_path)
    credits = Credit.objects.order_by("kind").values_list("kind", "character", "billing_order")
    assert list(credits) == [("cast", "Ben Sanderson / Narrator", 0), ("director", "", 4)]


def test_hand_entered_films_and_people_with_accents_are_adopted_whatever_their_slug(tmp_path):
    # The admin's slug field (allow_unicode) keeps accents: "amélie-2001", where the
    # importer's readable slug would fold them ("amelie-2001").
    amelie = FilmFactory(title="Amélie", year=2001, slug="amélie-2001")
    bjork = PersonFactory(name="Björk", slug="björk")
    write(
        tmp_path,
        "title.basics.tsv",
        [
            BASICS[0],
            "tt0211915\tmovie\tAmélie\tAmélie\t0\t2001\t\\N\t122\tComedy",
        ],
    )
    write(
        tmp_path,
        "title.principals.tsv",
        [PRINCIPALS[0], 'tt0211915\t1\tnm0041181\tself\t\\N\t["Herself"]'],
    )
    write(
        tmp_path, "name.basics.tsv", [NAMES[0], "nm0041181\tBjörk\t1965\t\\N\tactress\ttt0211915"]
    )
    run(tmp_path)
    assert list(Film.objects.values_list("pk", "tconst", "slug")) == [
        (amelie.pk, "tt0211915", "amélie-2001")
    ]
    assert list(Person.objects.values_list("pk", "nconst", "slug")) == [
        (bjork.pk, "nm0041181", "björk")
    ]
