"""Reads the captured Leaving Las Vegas page that the fixture is taken from.

The page is kept in the repository (`fixtures/source/`, copied from the project's shared seed), so
the suite passes in a clone anywhere.
"""

from dataclasses import dataclass
from pathlib import Path

SEED_PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "source" / "leaving-las-vegas.txt"
VIEW_MORE = "\n\n... View More"


@dataclass(frozen=True)
class SeedPage:
    title: str
    facts_line: str
    trailers_heading: str
    plot: str
    reviews: list[tuple[str, str]]


def read_seed_page(path=SEED_PAGE):
    """Split the page into its parts, following the anatomy in the seed's README."""
    text = path.read_text(encoding="utf-8")
    head, _, reviews_part = text.partition("\nReviews\n")
    lines = head.split("\n")
    title, heading, facts_line, trailers_heading = lines[:4]
    assert title == heading, "the seed page's document title and heading differ"
    plot = "\n".join(lines[4:]).strip()
    reviews = []
    for block in reviews_part.split(VIEW_MORE):
        if not block.strip():
            continue
        author, blank, body = block.strip("\n").split("\n", 2)
        assert blank == "", f"unexpected layout after the author {author!r}"
        reviews.append((author, body))
    return SeedPage(title, facts_line, trailers_heading, plot, reviews)
