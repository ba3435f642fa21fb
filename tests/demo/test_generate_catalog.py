"""`generate_catalog`: a synthetic catalog whose stored figures agree with its rows."""

import pytest
from django.core.management import call_command

from catalog.models import Credit, Film
from reviews.models import Rating, Review

pytestmark = pytest.mark.django_db


def test_generate_catalog_makes_a_consistent_synthetic_catalog(capsys):
    call_command("generate_catalog", films=30, reviews=200, people=40)
    assert Film.objects.published().count() == 30
    assert Review.objects.count() == 200
    assert Credit.objects.filter(kind="director").count() == 30
    film = Film.objects.filter(user_review_count__gt=0).first()
    visible = Review.objects.filter(film=film)
    assert film.user_review_count == visible.count()
    assert film.user_rating_count == Rating.objects.filter(film=film).count() > 0
    assert "Generated 30 films, 40 people, 200 reviews" in capsys.readouterr().out
