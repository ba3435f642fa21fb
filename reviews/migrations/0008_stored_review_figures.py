"""Store what pages used to count per request: reviews' ratings and votes, films' histograms.

Filled from the rows here; from now on `reviews.services` keeps them exact on every write.
"""

import django.db.models.functions.comparison
import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from reviews.ranking import helpfulness

# Rows per UPDATE: bulk_update writes a CASE per column, whose cost grows with its rows squared.
BATCH = 500


def fill_stored_figures(apps, schema_editor):
    Film = apps.get_model("catalog", "Film")
    Review = apps.get_model("reviews", "Review")
    Rating = apps.get_model("reviews", "Rating")
    HelpfulVote = apps.get_model("reviews", "HelpfulVote")

    scores = Rating.objects.filter(film=OuterRef("film"), member=OuterRef("author"))
    Review.objects.update(rating=Subquery(scores.values("score")[:1]))

    votes = (
        HelpfulVote.objects.order_by("review")
        .values_list("review")
        .annotate(yes=Count("pk", filter=Q(is_helpful=True)), total=Count("pk"))
    )
    reviews = [
        Review(pk=pk, helpful_yes=yes, helpful_total=total, helpful_score=helpfulness(yes, total))
        for pk, yes, total in votes.iterator()
    ]
    Review.objects.bulk_update(
        reviews, ["helpful_yes", "helpful_total", "helpful_score"], batch_size=BATCH
    )

    hidden_review = Review.objects.filter(
        film=OuterRef("film"), author=OuterRef("member"), is_hidden=True
    )
    counted = (
        Rating.objects.filter(~Exists(hidden_review))
        .order_by("film")
        .values_list("film", "score")
        .annotate(n=Count("pk"))
    )
    histograms = {}
    for film_id, score, count in counted.iterator():
        histograms.setdefault(film_id, [0] * 10)[10 - score] = count
    Film.objects.update(user_rating_histogram=[0] * 10)
    films = [Film(pk=pk, user_rating_histogram=counts) for pk, counts in histograms.items()]
    Film.objects.bulk_update(films, ["user_rating_histogram"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0006_film_user_rating_histogram'),
        ('reviews', '0007_remove_review_rating'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='review',
            name='review_film_created_idx',
        ),
        migrations.RemoveIndex(
            model_name='review',
            name='review_created_idx',
        ),
        migrations.AddField(
            model_name='review',
            name='helpful_score',
            field=models.FloatField(db_default=0.0, default=0.0, editable=False, help_text="The rank of 'most helpful': see `ranking.helpfulness`."),
        ),
        migrations.AddField(
            model_name='review',
            name='helpful_total',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='review',
            name='helpful_yes',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='review',
            name='rating',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, help_text="The author's rating of the film (a copy of their Rating), if they gave one.", null=True),
        ),
        migrations.RunPython(fill_stored_figures, migrations.RunPython.noop, elidable=True),
    ]
