"""Path converters for URL parameters that Django's own converters would take too broadly.

`str` takes any text but a slash, NUL and control characters included, and PostgreSQL refuses
NUL in a query: a route that looks a value up must match only what the value can be.
"""

import itertools
import re
import unicodedata


def _combining_marks() -> str:
    """Every combining mark (Unicode's M categories: Devanagari's vowel signs and virama,
    Thai's vowels and tones, accents that compose no letter) as the body of a regex class.
    Python's `\\w` leaves them out, so without them "दिलवाले" would be "दलवल"."""
    ranges: list[list[int]] = []
    # Unicode has put marks in the first two planes and in plane 14 (variation selectors)
    # only: the other planes are skipped, to keep start-up quick.
    for code in itertools.chain(range(0x20000), range(0xE0000, 0xF0000)):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)


COMBINING_MARKS = _combining_marks()
# The characters of a readable slug (catalog.models.readable_slug): letters and digits of any
# script with their marks, hyphens and underscores.
SLUG_CHARACTERS = rf"[-\w{COMBINING_MARKS}]"


class UsernameConverter:
    """A username as Django's UnicodeUsernameValidator allows it: letters, digits, . @ + - _"""

    regex = r"[\w.@+-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnicodeSlugConverter:
    """A readable slug: letters and digits of any script with their marks, hyphens and
    underscores (`ночной-дозор-2004`, `दिलवाले-1995`). Django's `slug` takes ASCII only."""

    regex = SLUG_CHARACTERS + "+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
