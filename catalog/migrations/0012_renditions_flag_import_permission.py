"""Renditions made by the task worker (a flag per image), and the permission to start imports."""

from django.db import migrations, models


def mark_existing_images_rendered(apps, schema_editor):
    # Images uploaded before this migration had their renditions made during the upload.
    apps.get_model("catalog", "Film").objects.exclude(poster="").update(poster_rendered=True)
    apps.get_model("catalog", "Person").objects.exclude(photo="").update(photo_rendered=True)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0011_captions_release_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="film",
            name="poster_rendered",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.AddField(
            model_name="person",
            name="photo_rendered",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.RunPython(mark_existing_images_rendered, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="film",
            options={
                "ordering": ["title", "year"],
                "permissions": [("import_imdb", "Can start an IMDb import")],
            },
        ),
    ]
