"""On PostgreSQL, refuse any change to a written moderation log entry, and any deletion.

The one UPDATE let through is the one a moderator's leaving makes: their key emptied, nothing
else changed (their name stays in `moderator_name`). SQLite, for development, relies on the
model and the admin, which refuse too.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION moderation_log_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.moderator_id IS NULL
        AND (NEW.id, NEW.moderator_name, NEW.action, NEW.target_type_id, NEW.target_id,
             NEW.target_text, NEW.reason, NEW.created)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.moderator_name, OLD.action, OLD.target_type_id, OLD.target_id,
             OLD.target_text, OLD.reason, OLD.created)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the moderation log is read-only'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER moderation_log_read_only
    BEFORE UPDATE OR DELETE ON moderation_moderationaction
    FOR EACH ROW EXECUTE FUNCTION moderation_log_read_only();
"""

DROP = """
DROP TRIGGER IF EXISTS moderation_log_read_only ON moderation_moderationaction;
DROP FUNCTION IF EXISTS moderation_log_read_only();
"""


def create_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(create_guard, drop_guard)]
