"""Cutting a review short for lists: whole words only, escaped later like all user text."""

import re
from typing import NamedTuple

from .graphemes import GRAPHEME

# The seed's shortest review runs to 125 words and is still cut short on the page.
EXCERPT_WORDS = 100
# A bound in characters too, so a run of very long words cannot make a huge "excerpt".
EXCERPT_MAX_CHARS = 700
ELLIPSIS = "..."
# In ASCII every grapheme cluster is one character (CR LF, the one pair, is whitespace), so
# words are runs of non-space characters, found by `re` instead of cluster by cluster.
_ASCII_WORD = re.compile(r"\S+")


class Excerpt(NamedTuple):
    text: str
    truncated: bool


def excerpt(body: str, words: int = EXCERPT_WORDS, max_chars: int = EXCERPT_MAX_CHARS) -> Excerpt:
    """Return the first `words` words of `body` (at most `max_chars` characters) and "...".

    The cut falls between words and keeps the original spacing and line breaks before it. The
    text is plain: it is cut before it is escaped, so an HTML entity can never be split. Only
    a first word longer than `max_chars` (a pasted URL, or Chinese or Japanese written without
    spaces) is cut inside itself, and then between two grapheme clusters, so no accent, jamo,
    flag or joined emoji is torn apart; if even its first cluster is longer, nothing of it is
    kept. Words are runs of clusters that are not whitespace.
    """
    text = body.strip()
    if text.isascii():
        return _ascii_excerpt(text, words, max_chars)
    return _cluster_excerpt(text, words, max_chars)


def _cluster_excerpt(text: str, words: int, max_chars: int) -> Excerpt:
    """`excerpt` of stripped text, cluster by cluster."""
    word_end = 0  # where the last whole word seen so far ends
    fits = 0  # the last cluster boundary within `max_chars`
    count = 0
    in_word = False
    for cluster in GRAPHEME.finditer(text):
        is_space = cluster.group().isspace()
        if in_word and is_space:
            word_end = cluster.start()
        elif not in_word and not is_space:
            if count == words:
                return _cut(text, word_end)
            count += 1
        in_word = not is_space
        if cluster.end() > max_chars:
            return _cut(text, word_end or fits)
        fits = cluster.end()
    return Excerpt(text, truncated=False)


def _ascii_excerpt(text: str, words: int, max_chars: int) -> Excerpt:
    """`excerpt` of ASCII text, the same cut found a word at a time (most reviews are ASCII)."""
    word_end = 0
    for count, word in enumerate(_ASCII_WORD.finditer(text)):
        if count == words:
            return _cut(text, word_end)
        if word.end() > max_chars:
            return _cut(text, word_end or max_chars)
        word_end = word.end()
    return Excerpt(text, truncated=False)


def _cut(text: str, end: int) -> Excerpt:
    return Excerpt(text[:end] + ELLIPSIS, truncated=True)
