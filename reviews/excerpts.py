"""Cutting a review short for lists: whole words only, escaped later like all user text."""

import re
from typing import NamedTuple

# The seed's shortest review runs to 125 words and is still cut short on the page.
EXCERPT_WORDS = 100
# A bound in characters too, so a run of very long words cannot make a huge "excerpt".
EXCERPT_MAX_CHARS = 700
ELLIPSIS = "..."

_WORD = re.compile(r"\S+")


class Excerpt(NamedTuple):
    text: str
    truncated: bool


def excerpt(body, words=EXCERPT_WORDS, max_chars=EXCERPT_MAX_CHARS):
    """Return the first `words` words of `body` (at most `max_chars` characters) and "...".

    The cut falls between words and keeps the original spacing and line breaks before it. The
    text is plain: it is cut before it is escaped, so an HTML entity can never be split. Only
    a first word longer than `max_chars` (a pasted URL, say) is cut inside itself.
    """
    text = body.strip()
    end = None
    for count, match in enumerate(_WORD.finditer(text), start=1):
        if match.end() > max_chars:
            end = end or max_chars
            break
        if count > words:
            break
        end = match.end()
    else:
        return Excerpt(text, truncated=False)
    return Excerpt(text[:end].rstrip() + ELLIPSIS, truncated=True)
