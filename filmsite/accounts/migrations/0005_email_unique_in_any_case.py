"""One account per email address, in any case, held by the database: the forms check it, but
two sign-ups or confirmations of one address at the same instant could both pass the check.
Empty addresses (accounts made without one) are left out.

Django's user model is not ours to give a constraint, so the index is made here, in SQL that
PostgreSQL and SQLite both take. Addresses already shared are not resolved here (which
account keeps one is a person's decision): the migration names them and stops.
"""

from django.core.management.base import CommandError
from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Upper

CREATE = (
    "CREATE UNIQUE INDEX auth_user_email_upper_uniq ON auth_user (UPPER(email)) "
    "WHERE email <> ''"
)
DROP = "DROP INDEX IF EXISTS auth_user_email_upper_uniq"


def refuse_shared_addresses(apps, schema_editor):
    User = apps.get_model("auth", "User")
    shared = (
        User.objects.using(schema_editor.connection.alias)
        .exclude(email="")
        .values(upper_email=Upper("email"))
        .annotate(accounts=Count("pk"))
        .filter(accounts__gt=1)
        .values_list("upper_email", flat=True)
    )
    if shared:
        names = ", ".join(sorted(shared)[:20])
        raise CommandError(
            f"{len(shared)} email address(es) belong to more than one account ({names}). "
            "Give each account its own address, or none, in the admin; then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_username_case_insensitive_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(refuse_shared_addresses, migrations.RunPython.noop),
        migrations.RunSQL(CREATE, DROP),
    ]
