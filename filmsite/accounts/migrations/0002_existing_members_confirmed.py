"""Members who joined before addresses were confirmed keep publishing: their addresses count as
confirmed, from the day they joined."""

from django.conf import settings
from django.db import migrations


def confirm_existing_members(apps, schema_editor):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    member_address = apps.get_model("accounts", "MemberAddress")
    members = user_model.objects.order_by("pk").values_list("pk", "date_joined")
    batch = []
    for member_id, joined in members.iterator(chunk_size=2_000):
        batch.append(member_address(member_id=member_id, confirmed_at=joined))
        if len(batch) == 2_000:
            member_address.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    member_address.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(confirm_existing_members, migrations.RunPython.noop)]
