"""Reviews no longer carry a rating: 0006 moved each one to a Rating row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0006_rating")]

    operations = [
        migrations.RemoveConstraint(model_name="review", name="review_rating_1_to_10"),
        migrations.RemoveIndex(model_name="review", name="review_film_rating_idx"),
        migrations.RemoveField(model_name="review", name="rating"),
    ]
