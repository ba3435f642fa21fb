"""A review's length is what its reader sees; control characters are refused, never stored."""

import time

import pytest
from django.db import IntegrityError
from django.urls import reverse

from reviews.forms import ReviewForm
from reviews.graphemes import visible_length
from reviews.models import BODY_MAX_LENGTH, BODY_MAX_STORED_LENGTH, BODY_MIN_LENGTH, Review
from tests.factories import FilmFactory, ReviewFactory, UserFactory

ZERO_WIDTH_SPACE = "\u200b"
FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # woman, woman, girl: five code points
E_ACUTE_DECOMPOSED = "e\u0301"

# The form checks constraints against the database once its fields are clean.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("naïve", 5),
        ("nai\u0308ve", 5),
        ("\U0001f1ef\U0001f1f5 and \U0001f1eb\U0001f1f7", 5),
        (FAMILY * 3, 3),
        ("\u1100\u1161\u11a8\u1100\u1161", 2),
        ("映画 を観た", 5),
        (ZERO_WIDTH_SPACE * 30, 0),
        ("\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066\u180e", 0),
        (" \t\n\r\n\u3000\u00a0\u2028", 0),
        ("\u3164\u115f\uffa0\u2800", 0),
        ("\U000e0041\U000e0042", 0),
        ("a" + ZERO_WIDTH_SPACE + "b\ufe0f", 2),
    ],
    ids=[
        "composed accent",
        "combining accent",
        "flags between words",
        "joined emoji",
        "Hangul jamo",
        "Japanese",
        "zero-width spaces",
        "format characters",
        "whitespace of all kinds",
        "blank fillers",
        "tag characters",
        "invisible characters between letters",
    ],
)
def test_visible_length_counts_what_a_reader_sees(text, length):
    assert visible_length(text) == length


def test_a_long_run_of_flags_is_measured_in_linear_time():
    # Pairing each flag by rescanning the run took 12 s here; the bound leaves a wide margin.
    flags = "\U0001f1ef\U0001f1f5" * (BODY_MAX_STORED_LENGTH // 2)
    started = time.perf_counter()
    assert visible_length(flags + "\U0001f1eb") == BODY_MAX_STORED_LENGTH // 2 + 1
    assert time.perf_counter() - started < 1


def review_form(**fields):
    return ReviewForm(data={"rating": 8, "headline": "", "body": "A" * 40, **fields})


def body_errors(form):
    assert not form.is_valid()
    return form.errors["body"]


def test_thirty_zero_width_characters_are_not_twenty_characters():
    assert body_errors(review_form(body=ZERO_WIDTH_SPACE * 30)) == [
        "Write at least 20 characters; spaces and invisible characters do not count (this has 0)."
    ]


def test_invisible_padding_does_not_make_a_short_review_long_enough():
    body = "Too short" + ZERO_WIDTH_SPACE * 20 + " " * 20 + "!"
    assert "(this has 9)." in body_errors(review_form(body=body))[0]


@pytest.mark.parametrize(
    "character", ["x", "é", E_ACUTE_DECOMPOSED, FAMILY, "\U0001f1ef\U0001f1f5", "映"]
)
def test_minimum_counts_each_visible_character_once(character):
    assert review_form(body=character * BODY_MIN_LENGTH).is_valid()
    assert not review_form(body=character * (BODY_MIN_LENGTH - 1)).is_valid()


@pytest.mark.parametrize("character", ["x", E_ACUTE_DECOMPOSED, "\U0001f1ef\U0001f1f5"])
def test_maximum_counts_each_visible_character_once(character):
    assert review_form(body=character * BODY_MAX_LENGTH).is_valid()
    assert body_errors(review_form(body=character * (BODY_MAX_LENGTH + 1))) == [
        "Keep it to 20,000 characters (this has 20,001)."
    ]


def test_text_beyond_the_stored_ceiling_is_refused_however_little_of_it_shows():
    body = "A visible sentence of review." + ZERO_WIDTH_SPACE * BODY_MAX_STORED_LENGTH
    assert body_errors(review_form(body=body)) == [
        "This review is too long to store; please shorten it."
    ]


def test_database_refuses_a_body_beyond_the_stored_ceiling():
    with pytest.raises(IntegrityError):
        ReviewFactory(body="x" * (BODY_MAX_STORED_LENGTH + 1))


def test_full_length_review_in_combining_characters_is_published_whole(client):
    client.force_login(UserFactory())
    film = FilmFactory()
    body = E_ACUTE_DECOMPOSED * BODY_MAX_LENGTH
    client.post(reverse("reviews:review_create", args=[film.slug]), {"rating": 8, "body": body})
    assert Review.objects.get().body == body


@pytest.mark.parametrize("control", ["\x01", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\x9f"])
@pytest.mark.parametrize("field", ["body", "headline"])
def test_control_characters_are_refused_by_name(field, control):
    form = review_form(**{field: f"A fine film{control} with a control character in it"})
    assert not form.is_valid()
    assert form.errors[field] == [
        f"Remove the invisible control character U+{ord(control):04X}; only line breaks and "
        "tabs may be used."
    ]


@pytest.mark.parametrize("field", ["body", "headline"])
def test_nul_is_refused_with_one_message(field):
    form = review_form(**{field: "A fine film\x00 with a NUL byte inside it"})
    assert not form.is_valid()
    assert form.errors[field] == ["Null characters are not allowed."]


def test_line_breaks_from_a_textarea_and_tabs_are_kept():
    body = "First paragraph\r\n\r\nSecond\tparagraph, tabbed."
    form = review_form(body=body)
    assert form.is_valid()
    assert form.cleaned_data["body"] == body


def test_refused_body_writes_nothing(client):
    client.force_login(UserFactory())
    film = FilmFactory()
    response = client.post(
        reverse("reviews:review_create", args=[film.slug]),
        {"rating": 8, "body": ZERO_WIDTH_SPACE * 30},
    )
    assert response.status_code == 200
    assert "Write at least 20 characters" in response.content.decode()
    assert not Review.objects.exists()
