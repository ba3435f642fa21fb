"""Ratings become rows of their own: one per member and film, with or without a review.

Each review's rating moves to a Rating of its author for its film, with the review's dates,
so every figure shown (counts, averages, histograms) stays what it was.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_ratings_out_of_reviews(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    Rating = apps.get_model("reviews", "Rating")
    rated = Review.objects.filter(rating__isnull=False).values_list(
        "film_id", "author_id", "rating", "created", "updated"
    )
    batch = []
    for film_id, author_id, score, created, updated in rated.iterator(chunk_size=10_000):
        batch.append(
            Rating(
                film_id=film_id, member_id=author_id, score=score, created=created, updated=updated
            )
        )
        if len(batch) == 10_000:
            Rating.objects.bulk_create(batch)
            batch = []
    Rating.objects.bulk_create(batch)


def move_ratings_back(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    Rating = apps.get_model("reviews", "Rating")
    for rating in Rating.objects.all().iterator(chunk_size=10_000):
        Review.objects.filter(film_id=rating.film_id, author_id=rating.member_id).update(
            rating=rating.score
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_nulls_last_sort_indexes"),
        ("reviews", "0005_review_body_stored_ceiling"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Rating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "score",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "1"),
                            (2, "2"),
                            (3, "3"),
                            (4, "4"),
                            (5, "5"),
                            (6, "6"),
                            (7, "7"),
                            (8, "8"),
                            (9, "9"),
                            (10, "10"),
                        ]
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "film",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ratings",
                        to="catalog.film",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ratings",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["film", "score"], name="rating_film_score_idx"),
                    models.Index(fields=["member", "-updated"], name="rating_member_updated_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("film", "member"), name="rating_one_per_member_film"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("score__gte", 1), ("score__lte", 10)),
                        name="rating_score_1_to_10",
                    ),
                ],
            },
        ),
        migrations.RunPython(move_ratings_out_of_reviews, move_ratings_back),
    ]
