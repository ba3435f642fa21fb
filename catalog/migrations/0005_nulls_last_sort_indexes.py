"""PostgreSQL indexes matching the film list's NULLS LAST sorts (rating and year).

The list puts unrated and undated films last; a plain descending index sorts NULLs first, so
PostgreSQL could not use it and sorted the whole catalog instead. SQLite cannot declare NULLS
LAST in an index and keeps the plain ones from 0003.
"""

from django.db import migrations, models
from django.db.models import F


def indexes():
    return [
        models.Index(
            F("status"),
            F("user_rating_average").desc(nulls_last=True),
            F("user_rating_count").desc(),
            name="film_rating_nulls_last_idx",
        ),
        models.Index(F("status"), F("year").desc(nulls_last=True), name="film_year_nulls_last_idx"),
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in indexes():
            schema_editor.add_index(apps.get_model("catalog", "Film"), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in indexes():
            schema_editor.remove_index(apps.get_model("catalog", "Film"), index)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
