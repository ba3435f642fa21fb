"""Let the Moderators group read the appeals queue (they decide with `moderate_review`)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _permission(apps):
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="reviews", codename="view_appeal"
    )


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs this one now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.add(_permission(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.remove(_permission(apps))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0013_appeals")]

    operations = [migrations.RunPython(grant, revoke)]
