"""Create the page stamp's one row, and give every existing film its version.

The stamp starts from the clock (microseconds since 1970) rather than 0, so a database made
again from scratch (a dropped development database, a flushed test database) still hands out
versions above any a surviving cache stored pages under.
"""

import time

from django.db import migrations


def create_stamp(apps, schema_editor):
    PageStamp = apps.get_model("pagecache", "PageStamp")
    Film = apps.get_model("catalog", "Film")
    value = time.time_ns() // 1000
    PageStamp.objects.update_or_create(pk=1, defaults={"value": value})
    Film.objects.update(page_version=value)


class Migration(migrations.Migration):
    dependencies = [
        ("pagecache", "0001_initial"),
        ("catalog", "0007_film_page_version"),
    ]

    operations = [migrations.RunPython(create_stamp, migrations.RunPython.noop)]
