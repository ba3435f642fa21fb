"""Where a review is cut short: whole words, whole grapheme clusters, a character bound, and
escaping left to the template."""

import pytest

from reviews.excerpts import ELLIPSIS, excerpt


def words(count, word="word"):
    return " ".join(f"{word}{n}" for n in range(count))


def test_text_of_exactly_the_word_limit_is_shown_whole():
    body = words(10)
    assert excerpt(body, words=10, max_chars=1000) == (body, False)


def test_one_word_over_the_limit_is_cut_after_the_last_whole_word():
    body = words(11)
    text, truncated = excerpt(body, words=10, max_chars=1000)
    assert truncated
    assert text == words(10) + ELLIPSIS


def test_short_text_is_shown_whole_without_surrounding_whitespace():
    assert excerpt("  A fine film.\n", words=10) == ("A fine film.", False)


def test_cut_keeps_the_line_breaks_before_it():
    body = "First paragraph here.\n\nSecond paragraph goes on and on"
    text, truncated = excerpt(body, words=5, max_chars=1000)
    assert truncated
    assert text == "First paragraph here.\n\nSecond paragraph..."


def test_unicode_words_are_counted_and_kept_intact():
    body = "Café naïve 東京 物語 über déjà vu cliché"
    text, truncated = excerpt(body, words=4, max_chars=1000)
    assert (text, truncated) == ("Café naïve 東京 物語...", True)


@pytest.mark.parametrize("special", ["<b>", "&amp;", "&", "<script>alert(1)</script>"])
def test_markup_characters_are_kept_as_plain_text_for_the_template_to_escape(special):
    body = f"one two {special} four five"
    text, truncated = excerpt(body, words=3, max_chars=1000)
    assert truncated
    assert text == f"one two {special}..."


def test_cut_never_splits_a_would_be_entity():
    body = "Tom &amp; Jerry &amp;&amp;&amp;&amp;&amp; more"
    text, _ = excerpt(body, words=100, max_chars=20)
    assert text == "Tom &amp; Jerry..."


def test_long_word_that_crosses_the_character_bound_is_left_out_whole():
    body = "short words then " + "x" * 50 + " tail"
    text, truncated = excerpt(body, words=100, max_chars=30)
    assert (text, truncated) == ("short words then...", True)


def test_single_word_longer_than_the_bound_is_cut_at_the_bound():
    body = "https://example.org/" + "a" * 100
    text, truncated = excerpt(body, words=100, max_chars=40)
    assert truncated
    assert text == body[:40] + ELLIPSIS


def test_text_within_both_bounds_is_never_marked_truncated():
    body = words(50)
    assert excerpt(body, words=50, max_chars=len(body)) == (body, False)


def test_excerpt_keeps_exactly_the_first_hundred_words_by_default():
    # 100 of these words run to 689 characters, inside the default character bound.
    assert excerpt(words(125)) == (words(100) + ELLIPSIS, True)


def test_hundred_words_by_default_are_shown_whole():
    assert excerpt(words(100)) == (words(100), False)


def test_unspaced_text_is_cut_at_exactly_seven_hundred_characters_by_default():
    body = "映画" * 600
    assert excerpt(body) == (body[:700] + ELLIPSIS, True)


# One user-perceived character each, made of several code points: a cut by code points
# inside any of them changes what the reader sees (a bare accent, half a flag, a lone jamo).
CLUSTERS = {
    "combining accent": "e\u0301",
    "Japanese kana with a combining voiced mark": "\u304b\u3099",
    "Hangul syllable as conjoining jamo": "\u1100\u1161\u11a8",
    "flag (two regional indicators)": "\U0001f1ef\U0001f1f5",
    "emoji joined with zero-width joiners": "\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "emoji with a skin tone": "\U0001f44d\U0001f3fd",
    "Devanagari conjunct": "\u0915\u094d\u0937\u093f",
}


@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
def test_unspaced_text_is_cut_between_grapheme_clusters_never_inside_one(cluster):
    body = cluster * 100
    max_chars = 10 * len(cluster) + 1
    text, truncated = excerpt(body, max_chars=max_chars)
    assert truncated
    assert text == cluster * 10 + ELLIPSIS


def test_mixed_unspaced_text_is_cut_after_the_last_whole_cluster_within_the_bound():
    body = "今日は\U0001f1ef\U0001f1f5の映画を観たe\u0301" * 20
    text, truncated = excerpt(body, max_chars=4)
    assert truncated
    assert text == "今日は" + ELLIPSIS


def test_first_cluster_longer_than_the_bound_leaves_only_the_ellipsis():
    body = "Z" + "\u0301" * 50 + " and more"
    assert excerpt(body, max_chars=10) == (ELLIPSIS, True)


def test_words_ending_in_combining_marks_are_kept_whole_at_the_word_limit():
    body = "cafe\u0301 nai\u0308ve re\u0301sume\u0301 more words"
    assert excerpt(body, words=3, max_chars=1000) == (
        "cafe\u0301 nai\u0308ve re\u0301sume\u0301" + ELLIPSIS,
        True,
    )


def test_ascii_text_is_cut_exactly_where_the_cluster_by_cluster_cut_falls():
    # The ASCII fast path against the general one, on text built to hit every boundary: word
    # and character limits, runs of whitespace (CR LF too), controls and long words.
    import random

    from reviews import excerpts

    pieces = ["a", "word", "x" * 30, " ", "  ", "\n", "\r\n", "\t", "\x1f", "\x0b", "-", "\x00"]
    generator = random.Random(11)
    samples = [
        "".join(generator.choice(pieces) for _ in range(generator.randint(0, 400)))
        for _ in range(1500)
    ]
    samples += ["x" * 800, "x" * 700, "x" * 701, "a " * 100 + "b", "a " * 99 + "b" * 700]
    limits = [(100, 700), (3, 10), (1, 1), (5, 50)]
    for text in (sample.strip() for sample in samples):
        assert text.isascii()
        for limit in limits:
            expected = excerpts._cluster_excerpt(text, *limit)
            assert excerpts._ascii_excerpt(text, *limit) == expected, (text, limit)
