"""Where a merged duplicate's IMDb id is kept, so the importer never makes the duplicate again."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0012_renditions_flag_import_permission"),
    ]

    operations = [
        migrations.CreateModel(
            name="MergedFilmId",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("imdb_id", models.CharField(max_length=12, unique=True, verbose_name="IMDb id")),
                ("merged", models.DateTimeField(auto_now_add=True)),
                (
                    "film",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="merged_imdb_ids",
                        to="catalog.film",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="MergedPersonId",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("imdb_id", models.CharField(max_length=12, unique=True, verbose_name="IMDb id")),
                ("merged", models.DateTimeField(auto_now_add=True)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="merged_imdb_ids",
                        to="catalog.person",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
    ]
