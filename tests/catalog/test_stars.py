"""Ratings drawn as five stars, half a star per point of ten, with the number as their name."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from catalog.templatetags.stars import half_stars


@pytest.mark.parametrize(
    ("value", "halves"),
    [(1, 1), (7, 7), (10, 10), (Decimal("7.4"), 7), (Decimal("7.5"), 8), (Decimal("0.2"), 0)],
)
def test_each_point_of_ten_is_half_a_star_rounded_half_up(value, halves):
    assert half_stars(value) == halves


def render(value, label=None):
    tag = "{% stars value %}" if label is None else "{% stars value label %}"
    return Template("{% load stars %}" + tag).render(Context({"value": value, "label": label}))


def test_an_odd_score_fills_a_half_star_and_says_its_number():
    html = render(7)
    assert 'class="stars stars-7"' in html
    assert 'role="img" aria-label="Rated 7 out of 10"' in html


def test_an_average_is_drawn_and_said_from_the_same_figure():
    html = render(Decimal("7.46"), "User rating")
    assert 'class="stars stars-8"' in html  # 7.5 after rounding to one place: four stars
    assert 'aria-label="User rating 7.5 out of 10"' in html


def test_no_rating_draws_nothing():
    assert render(None).strip() == ""
