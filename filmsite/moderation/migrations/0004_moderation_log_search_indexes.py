"""(PostgreSQL) Trigram indexes for the moderation log's admin search, whose `ilike` on what
was acted on and who acted reads them instead of the whole log. Built as reviews' 0011
builds its own: SQLite has no pg_trgm.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations

TRIGRAM_INDEXES = [
    GinIndex(OpClass("target_text", name="gin_trgm_ops"), name="modaction_target_trgm_idx"),
    GinIndex(OpClass("moderator_name", name="gin_trgm_ops"), name="modaction_name_trgm_idx"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for index in TRIGRAM_INDEXES:
            schema_editor.add_index(apps.get_model("moderation", "ModerationAction"), index)


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in TRIGRAM_INDEXES:
            schema_editor.remove_index(apps.get_model("moderation", "ModerationAction"), index)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_moderators_read_log_and_suspend")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
