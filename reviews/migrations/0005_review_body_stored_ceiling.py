"""Raise the stored ceiling on a review's body to 80,000 code points.

The form now counts the characters a reader sees (at most 20,000); one of them can take several
code points, so the database's ceiling leaves room for a full-length review in any script.
"""

import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_moderate_review_permission"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="review",
            name="review_body_max_length",
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("body"), 80000
                ),
                name="review_body_max_length",
            ),
        ),
    ]
