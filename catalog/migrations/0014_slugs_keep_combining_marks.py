"""Slugs keep the combining marks of the scripts that need them (दिलवाले, not दलवल)."""

import catalog.models
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0013_keep_merged_imdb_ids"),
    ]

    operations = [
        migrations.AlterField(
            model_name="film",
            name="slug",
            field=catalog.models.ReadableSlugField(
                help_text="Set once from the title and year; part of the URL. Former ones keep answering, with a redirect here.",
                max_length=320,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="slug",
            field=catalog.models.ReadableSlugField(max_length=220, unique=True),
        ),
    ]
