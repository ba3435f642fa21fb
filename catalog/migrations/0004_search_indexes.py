"""PostgreSQL search indexes: full text and trigrams over titles and names.

Built by Django's schema editor from the very expressions that `catalog.search` queries, so
the planner can use them. SQLite has neither, and searches by substring there.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def indexes(apps):
    Film = apps.get_model("catalog", "Film")
    Person = apps.get_model("catalog", "Person")
    return [
        (Film, GinIndex(SearchVector("title", "original_title", config="simple"), name="film_search_idx")),
        (Film, GinIndex(OpClass("title", name="gin_trgm_ops"), name="film_title_trgm_idx")),
        (Film, GinIndex(OpClass("original_title", name="gin_trgm_ops"), name="film_original_trgm_idx")),
        (Person, GinIndex(SearchVector("name", config="simple"), name="person_search_idx")),
        (Person, GinIndex(OpClass("name", name="gin_trgm_ops"), name="person_name_trgm_idx")),
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model, index in indexes(apps):
        schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_imdb_ratings_review_counts_sort_indexes")]

    operations = [migrations.RunPython(create, drop)]
