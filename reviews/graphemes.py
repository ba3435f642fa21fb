"""What a reader sees of review text: user-perceived characters (Unicode grapheme clusters)."""

import regex

# `\X` is an extended grapheme cluster (UAX #29): a letter with its accents, a Hangul syllable
# written as jamo, a flag, an emoji joined with zero-width joiners. Python's `re` has no
# equivalent, hence the `regex` package.
GRAPHEME = regex.compile(r"\X")
