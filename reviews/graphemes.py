"""What a reader sees of review text: user-perceived characters (Unicode grapheme clusters)."""

import regex

# `\X` is an extended grapheme cluster (UAX #29): a letter with its accents, a Hangul syllable
# written as jamo, a flag, an emoji joined with zero-width joiners. Python's `re` has no
# equivalent, hence the `regex` package. Its `\X` pairs a regional indicator by scanning back
# to the start of their run, which is quadratic: 40,000 flags took 12 s. The first branch
# takes flags (a pair and what extends it) two at a time from the run's start, as UAX #29
# pairs them, so `\X` only ever sees a run's odd last one.
GRAPHEME = regex.compile(
    r"[\U0001F1E6-\U0001F1FF]{2}[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}]*|\X"
)

# A character that leaves a mark on the page: not whitespace, not a control, not one that
# Unicode says renderers ignore (zero-width spaces and joiners, soft hyphens, bidi marks,
# variation selectors, tags, the Hangul fillers). The blank braille cell U+2800 is a visible
# character to Unicode but an empty square to a reader, and a favourite filler.
_MARKING = regex.compile(r"[^\s\p{Cc}\p{Default_Ignorable_Code_Point}\u2800]")


def visible_length(text: str) -> int:
    """How many characters a reader sees in `text`: its grapheme clusters that mark the page.

    A grapheme cluster is what a reader takes for one character (`e` plus a combining acute,
    a family emoji of four people and three joiners, a flag's two regional indicators). It
    counts once if any of its code points is visible; clusters made only of whitespace,
    control, format or other default-ignorable characters (U+200B ZERO WIDTH SPACE, U+00AD
    SOFT HYPHEN, U+FEFF, bidi controls) do not count. So 30 zero-width spaces have a visible
    length of 0 and "naïve" (in either normal form) has 5.
    """
    return sum(1 for cluster in GRAPHEME.findall(text) if _MARKING.search(cluster))
