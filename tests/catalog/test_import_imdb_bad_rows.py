"""Bad rows in the IMDb files: each is skipped and reported as file:line, and the run goes on.

The suite runs on SQLite and on PostgreSQL, so each case goes through both writers (the ORM's
upserts and COPY with SQL merges), where a value beyond a column fails differently.
"""

import gzip

import pytest

from catalog.importers import imdb
from catalog.models import Film

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
