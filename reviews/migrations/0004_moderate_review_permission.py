"""A permission of its own for hiding and reinstating reviews, given to the Moderators group.

Moderators no longer need to be able to change a review to moderate it: only authors change
a review's words and rating.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_moderate_review(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs this one now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="reviews", codename="moderate_review"
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_review_review_created_idx"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="review",
            options={
                "ordering": ["created", "pk"],
                "permissions": [("moderate_review", "Can hide and reinstate reviews")],
            },
        ),
        migrations.RunPython(grant_moderate_review, migrations.RunPython.noop),
    ]
