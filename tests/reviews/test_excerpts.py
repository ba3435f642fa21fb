"""Where a review is cut short: whole words, a character bound, escaping left to the template."""

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


def test_seed_length_reviews_are_all_cut_with_the_default_limits():
    body = words(124)
    text, truncated = excerpt(body)
    assert truncated
    assert text.endswith(ELLIPSIS)
    assert len(text.split()) <= 100
