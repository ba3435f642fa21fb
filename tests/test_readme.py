"""The README reads as one document: its map of the code is one table that names each path
once, and CI is described once. Two branches merged by hand once left both versions of rows
and of a paragraph, and a blank line that cut the table in two (the second half then renders
as a paragraph of pipes)."""

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def section(title: str) -> list[str]:
    """The lines under `## title`, up to the next section of the same level."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {title}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def test_the_layout_map_is_one_table_naming_each_path_once():
    lines = section("Layout")
    rows = [i for i, line in enumerate(lines) if line.startswith("|")]
    assert rows == list(range(rows[0], rows[-1] + 1)), "a line that is not a row splits the table"
    paths = [lines[i].split("|")[1].strip() for i in rows[2:]]  # after the header and the rule
    assert sorted(path for path in paths if paths.count(path) > 1) == []


def test_ci_is_described_once():
    paragraphs = README.read_text(encoding="utf-8").split("\n\n")
    assert sum(paragraph.startswith("CI (`.ci/run`)") for paragraph in paragraphs) == 1
