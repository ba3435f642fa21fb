"""Indexes for the admin at catalog scale: films with a poster, in the change list's order
(few in an imported catalog), and (PostgreSQL) trigrams over credited characters, which the
credits change list's `ilike` search uses. The trigram index is built as 0004 builds its own:
SQLite has no pg_trgm.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models

CHARACTER_TRGM = GinIndex(
    OpClass("character", name="gin_trgm_ops"), name="credit_character_trgm_idx"
)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.add_index(apps.get_model("catalog", "Credit"), CHARACTER_TRGM)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("catalog", "Credit"), CHARACTER_TRGM)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0014_slugs_keep_combining_marks"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="film",
            index=models.Index(
                condition=models.Q(("poster", ""), _negated=True),
                fields=["title", "year"],
                name="film_with_poster_title_idx",
            ),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
