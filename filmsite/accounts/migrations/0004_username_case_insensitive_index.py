"""An index over upper-cased usernames: the admin finds reviews, reports, appeals and
suspensions by their member's exact username in any case (`username__iexact`), which
PostgreSQL compares as UPPER(username::text) and read all 65,000 members of the benchmark to
answer (45 ms of a 200 ms budget). Django's user model is not ours to give an index, so it
is made here; SQLite's iexact is a LIKE, which no such index serves.
"""

from django.db import migrations

CREATE = 'CREATE INDEX auth_user_username_upper_idx ON auth_user (UPPER("username"::text))'
DROP = "DROP INDEX IF EXISTS auth_user_username_upper_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_privacy_and_terms_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, drop)]
