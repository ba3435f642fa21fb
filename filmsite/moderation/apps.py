from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """The audit log, members' notices and suspensions, shared by reviews and lists."""

    name = "filmsite.moderation"
    label = "moderation"
    verbose_name = "Moderation"
