"""Let the Moderators group see reported lists and hide, reinstate or dismiss them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    "view_filmlist",
    "moderate_filmlist",
    "view_filmlistentry",
    "view_listreport",
    "change_listreport",
]


def grant_list_moderation(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs these now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="library", codename__in=MODERATOR_PERMISSIONS
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*permissions)


def revoke_list_moderation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="library", codename__in=MODERATOR_PERMISSIONS
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        # The group is made there, and its permissions set (replaced) when it is.
        ("reviews", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(grant_list_moderation, revoke_list_moderation)]
