"""Indexes for the admin at catalog scale: the hidden reviews and open reports that moderators
filter by, and (PostgreSQL) trigrams over headlines, which the admin's `ilike` search uses.
The trigram index is built as catalog's 0004 builds its own: SQLite has no pg_trgm.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models

HEADLINE_TRGM = GinIndex(OpClass("headline", name="gin_trgm_ops"), name="review_headline_trgm_idx")


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.add_index(apps.get_model("reviews", "Review"), HEADLINE_TRGM)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("reviews", "Review"), HEADLINE_TRGM)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0010_review_update_stamp"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["review"],
                name="report_open_review_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="review",
            index=models.Index(
                condition=models.Q(("is_hidden", True)),
                fields=["-created", "-id"],
                name="review_hidden_created_idx",
            ),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
