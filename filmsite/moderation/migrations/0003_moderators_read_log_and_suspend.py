"""Let the Moderators group read the moderation log and suspend members (and lift it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    "view_moderationaction",
    "view_suspension",
    "add_suspension",
    "change_suspension",
]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="moderation", codename__in=MODERATOR_PERMISSIONS
    )


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs these now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_moderation_log_read_only"),
        # The group is made there.
        ("reviews", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
