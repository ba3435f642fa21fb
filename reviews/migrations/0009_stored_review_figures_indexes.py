"""Index every sort of a film's reviews, and constrain the stored figures (filled by 0008).

Apart from 0008 because PostgreSQL cannot build an index on a table with updates pending in
the same transaction.
"""

import django.db.models.expressions
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0008_stored_review_figures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['film', 'created', 'id'], name='review_film_created_idx'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(models.F('film'), django.db.models.expressions.CombinedExpression(models.F('helpful_score'), '*', models.Value(-1.0)), models.F('id'), name='review_film_helpful_idx'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(models.F('film'), models.OrderBy(django.db.models.functions.comparison.Coalesce('rating', 0), descending=True), models.OrderBy(models.F('id'), descending=True), name='review_film_highest_idx'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(models.F('film'), django.db.models.functions.comparison.Coalesce('rating', 11), models.F('id'), name='review_film_lowest_idx'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['-created', '-id'], name='review_created_idx'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(('helpful_yes__lte', models.F('helpful_total'))), name='review_helpful_yes_within_total'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(('rating__isnull', True), models.Q(('rating__gte', 1), ('rating__lte', 10)), _connector='OR'), name='review_rating_1_to_10'),
        ),
    ]
