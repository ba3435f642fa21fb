"""Bad rows in the IMDb files: each is skipped and reported as file:line, and the run goes on.

The suite runs on SQLite and on PostgreSQL, so each case goes through both writers (the ORM's
upserts and COPY with SQL merges), where a value beyond a column fails differently.
"""

import gzip

import pytest
from django.core.management import call_command

from catalog.importers import imdb
from catalog.models import Credit, Film, Genre, Person

pytestmark = pytest.mark.django_db

BASICS_HEADER = (
    b"tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear"
    b"\truntimeMinutes\tgenres"
)
RATINGS_HEADER = b"tconst\taverageRating\tnumVotes"
PRINCIPALS_HEADER = b"tconst\tordering\tnconst\tcategory\tjob\tcharacters"
CREW_HEADER = b"tconst\tdirectors\twriters"
NAMES_HEADER = b"nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles"


def title(tconst, name, genres=b"Drama", year=b"1995"):
    return b"\t".join([tconst, b"movie", name, name, b"0", year, b"\\N", b"100", genres])


def write(directory, name, lines, compress=False):
    content = b"\n".join(lines) + b"\n"
    if compress:
        (directory / f"{name}.gz").write_bytes(gzip.compress(content))
    else:
        (directory / name).write_bytes(content)


def run(directory):
    return imdb.Importer(directory, batch_size=2).run()


def problems(report):
    return "\n".join(report.problems).replace(".tsv.gz:", ".tsv:")


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_invalid_utf8_costs_only_its_own_line(tmp_path, compress):
    write(
        tmp_path,
        "title.basics.tsv",
        [
            BASICS_HEADER,
            title(b"tt0000101", b"Before"),
            title(b"tt0000102", b"Bad \xff byte"),
            title(b"tt0000103", b"After"),
        ],
        compress,
    )
    write(tmp_path, "title.ratings.tsv", [RATINGS_HEADER, b"tt0000103\t6.5\t20"], compress)
    report = run(tmp_path)
    assert sorted(Film.objects.values_list("title", flat=True)) == ["After", "Before"]
    assert "title.basics.tsv:3: not UTF-8: byte 0xff" in problems(report)
    assert report.file("basics").skipped["not UTF-8"] == 1
    assert str(Film.objects.get(tconst="tt0000103").imdb_rating) == "6.5"  # later files too


def test_genre_differing_in_case_or_punctuation_joins_the_existing_genre(tmp_path):
    noir = Genre.objects.create(name="Film Noir", slug="film-noir")
    crime = Genre.objects.create(name="Crime", slug="crime-films")  # a slug an editor chose
    write(
        tmp_path,
        "title.basics.tsv",
        [
            BASICS_HEADER,
            title(b"tt0000101", b"Laura", b"Film-Noir,crime"),
            title(b"tt0000102", b"Gilda", b"film noir,Crime"),
            title(b"tt0000103", b"Detour", b"Western,western"),
        ],
    )
    report = run(tmp_path)
    assert report.problems == []
    for tconst in ("tt0000101", "tt0000102"):
        genres = set(Film.objects.get(tconst=tconst).genres.all())
        assert genres == {noir, crime}
    detour = Film.objects.get(tconst="tt0000103")
    assert list(detour.genres.values_list("name", "slug")) == [("Western", "western")]
    assert Genre.objects.count() == 3


def test_missing_imdb_ids_are_reported_in_every_file(tmp_path):
    write(
        tmp_path, "title.basics.tsv", [BASICS_HEADER, title(b"\\N", b"No Id"), title(b"tt1", b"Id")]
    )
    write(tmp_path, "title.ratings.tsv", [RATINGS_HEADER, b"\\N\t5.0\t10"])
    write(
        tmp_path,
        "title.principals.tsv",
        [
            PRINCIPALS_HEADER,
            b'\\N\t1\tnm1\tactor\t\\N\t["A"]',
            b'tt1\t2\t\\N\tactor\t\\N\t["B"]',
            b'tt1\t3\tnm1\tactor\t\\N\t["C"]',
        ],
    )
    write(tmp_path, "title.crew.tsv", [CREW_HEADER, b"\\N\tnm2\t\\N", b"tt1\tnm2,\\N\t\\N"])
    write(tmp_path, "name.basics.tsv", [NAMES_HEADER, b"\\N\tNobody\t1900\t\\N\t\\N\t\\N"])
    report = run(tmp_path)
    text = problems(report)
    assert "title.basics.tsv:2: tconst is missing" in text
    assert "title.ratings.tsv:2: tconst is missing" in text
    assert "title.principals.tsv:2: tconst is missing" in text
    assert "title.principals.tsv:3: nconst is missing" in text
    assert "title.crew.tsv:2: tconst is missing" in text
    assert "title.crew.tsv:3: nconst is missing" in text
    assert "name.basics.tsv:2: nconst is missing" in text
    assert list(Film.objects.values_list("tconst", flat=True)) == ["tt1"]
    assert list(Person.objects.values_list("nconst", flat=True)) == ["nm1"]
    assert list(Credit.objects.values_list("character", flat=True)) == ["C"]


def test_deeply_nested_characters_are_reported_not_a_recursion_error(tmp_path):
    write(tmp_path, "title.basics.tsv", [BASICS_HEADER, title(b"tt1", b"Nested")])
    write(
        tmp_path,
        "title.principals.tsv",
        [
            PRINCIPALS_HEADER,
            b"tt1\t1\tnm1\tactor\t\\N\t" + b"[" * 200_000 + b"]" * 200_000,
            b'tt1\t2\tnm2\tactor\t\\N\t["Next"]',
        ],
    )
    report = run(tmp_path)
    assert "title.principals.tsv:2: characters is nested too deeply" in problems(report)
    assert list(Credit.objects.values_list("character", flat=True)) == ["Next"]


def test_values_beyond_a_column_are_reported_before_they_reach_the_database(tmp_path):
    write(
        tmp_path,
        "title.basics.tsv",
        [
            BASICS_HEADER,
            title(b"tt12345678901", b"Long Id"),
            title(b"tt2", b"Long Genre", b"Drama," + b"G" * 51),
            title(b"tt3", b"Nul \0 Title"),
            title(b"tt4", b"Fits", b"Drama," + b"G" * 50),
        ],
    )
    write(
        tmp_path,
        "title.ratings.tsv",
        [RATINGS_HEADER, b"tt4\t7.0\t99999999999", b"tt4\t7.0\t2147483647"],
    )
    write(
        tmp_path,
        "title.principals.tsv",
        [
            PRINCIPALS_HEADER,
            b'tt4\t1\tnm12345678901\tactor\t\\N\t["A"]',
            b'tt4\t32768\tnm1\tactor\t\\N\t["B"]',
            b'tt4\t32767\tnm1\tactor\t\\N\t["C"]',
        ],
    )
    report = run(tmp_path)
    text = problems(report)
    assert "title.basics.tsv:2: tconst is longer than 12 characters" in text
    assert "title.basics.tsv:3: genre is longer than 50 characters" in text
    assert "title.basics.tsv:4: contains a NUL character" in text
    assert "title.ratings.tsv:2: numVotes out of range: 99999999999" in text
    assert "title.principals.tsv:2: nconst is longer than 12 characters" in text
    assert "title.principals.tsv:3: ordering out of range: 32768" in text
    film = Film.objects.get()
    assert (film.tconst, film.imdb_votes) == ("tt4", 2147483647)
    assert sorted(film.genres.values_list("name", flat=True)) == ["Drama", "G" * 50]
    assert list(film.credits.values_list("character", "billing_order")) == [("C", 32767)]


def test_command_goes_on_after_bad_rows_and_counts_them_in_its_summary(tmp_path, capsys):
    write(
        tmp_path,
        "title.basics.tsv",
        [BASICS_HEADER, title(b"\\N", b"No Id"), title(b"tt1", b"Bad \xff"), title(b"tt2", b"Ok")],
    )
    call_command("import_imdb", str(tmp_path), verbosity=0)
    captured = capsys.readouterr()
    assert "skipped title.basics.tsv:2: tconst is missing" in captured.err
    assert "skipped title.basics.tsv:3: not UTF-8: byte 0xff" in captured.err
    assert "Traceback" not in captured.err
    assert "title.basics.tsv: 3 rows; created 1, updated 0, skipped 2" in captured.out
    assert "skipped 1: tconst is missing" in captured.out
    assert "skipped 1: not UTF-8" in captured.out


@pytest.mark.parametrize(
    ("year", "runtime", "refused"),
    [
        (b"1870", b"1", None),
        (b"2200", b"30000", None),
        (b"1869", b"90", "startYear out of range: 1869"),
        (b"2201", b"90", "startYear out of range: 2201"),
        (b"1995", b"0", "runtimeMinutes out of range: 0"),
        (b"1995", b"30001", "runtimeMinutes out of range: 30001"),
    ],
)
def test_years_and_runtimes_are_taken_up_to_their_limits_and_no_further(
    tmp_path, year, runtime, refused
):
    row = b"\t".join([b"tt1", b"movie", b"Edge", b"Edge", b"0", year, b"\\N", runtime, b"Drama"])
    write(tmp_path, "title.basics.tsv", [BASICS_HEADER, row])
    report = run(tmp_path)
    if refused:
        assert report.problems == [f"title.basics.tsv:2: {refused}"]
        assert not Film.objects.exists()
    else:
        assert report.problems == []
        assert Film.objects.get().year == int(year)


def test_each_skipped_row_is_counted_and_the_first_thousand_reported(tmp_path):
    lines = [BASICS_HEADER] + [title(b"\\N", b"No Id")] * 1002 + [title(b"tt1", b"Kept")]
    write(tmp_path, "title.basics.tsv", lines)
    report = imdb.Importer(tmp_path, batch_size=500).run()
    assert report.file("basics").skipped == {"tconst is missing": 1002}
    assert len(report.problems) == 1000
    assert report.problems[-1] == "title.basics.tsv:1001: tconst is missing"
    assert list(Film.objects.values_list("tconst", flat=True)) == ["tt1"]


def test_genre_whose_slug_outgrows_its_column_is_reported(tmp_path):
    ligatures = "ﬀ" * 26  # 26 characters; its slug spells each as "ff", 52 characters
    write(
        tmp_path,
        "title.basics.tsv",
        [BASICS_HEADER, title(b"tt1", b"Ligatures", ligatures.encode()), title(b"tt2", b"Ok")],
    )
    report = run(tmp_path)
    (problem,) = report.problems
    assert problem == f"title.basics.tsv:2: genre slug is longer than 50 characters: '{'ff' * 26}'"
    assert list(Film.objects.values_list("tconst", flat=True)) == ["tt2"]


def test_ratings_are_taken_from_0_to_10_and_counted(tmp_path):
    write(
        tmp_path,
        "title.basics.tsv",
        [BASICS_HEADER, *(title(f"tt{n}".encode(), b"Rated") for n in range(1, 5))],
    )
    write(
        tmp_path,
        "title.ratings.tsv",
        [
            RATINGS_HEADER,
            b"tt1\t0\t1",
            b"tt2\t10\t2",
            b"tt3\t10.1\t3",
            b"tt4\t-0.1\t4",
            b"tt9\t5.0\t5",
            b"tt4\t\\N\t6",
        ],
    )
    report = run(tmp_path)
    assert problems(report).splitlines() == [
        "title.ratings.tsv:4: averageRating out of range: 10.1",
        "title.ratings.tsv:5: averageRating out of range: -0.1",
        "title.ratings.tsv:7: averageRating is not a number: None",
    ]
    ratings = Film.objects.order_by("tconst").values_list("tconst", "imdb_rating", "imdb_votes")
    assert [(tconst, str(rating), votes) for tconst, rating, votes in ratings] == [
        ("tt1", "0.0", 1),
        ("tt2", "10.0", 2),
        ("tt3", "None", None),
        ("tt4", "None", None),
    ]
    assert report.file("ratings").updated == 2
    assert report.file("ratings").skipped["title not imported"] == 1


def test_ids_fit_up_to_their_column_and_empty_ones_are_missing(tmp_path):
    write(
        tmp_path,
        "title.basics.tsv",
        [
            BASICS_HEADER,
            title(b"tt0000000001", b"Twelve"),
            title(b"", b"Empty"),
            title(b"tt2", b""),
            title(b"tt3", b"Odd Genre", b"!!!"),
        ],
    )
    write(
        tmp_path,
        "title.principals.tsv",
        [
            PRINCIPALS_HEADER,
            b'tt0000000001\t1\tnm0000000001\tactor\t\\N\t"Solo"',
            b"tt0000000001\t2\tnm2\tactor\t\\N\t[broken",
            b'tt0000000001\t3\tnm3\tactor\t\\N\t["Kept"]',
        ],
    )
    report = run(tmp_path)
    assert problems(report).splitlines() == [
        "title.basics.tsv:3: tconst is missing",
        "title.basics.tsv:4: primaryTitle is empty",
        "title.basics.tsv:5: genre has no letter or digit: '!!!'",
        "title.principals.tsv:2: characters is not a list",
        "title.principals.tsv:3: characters is not JSON: Expecting value: line 1 column 2 (char 1)",
    ]
    film = Film.objects.get()
    assert (film.tconst, film.original_title) == ("tt0000000001", "")
    assert list(film.credits.values_list("character", flat=True)) == ["Kept"]
