"""`manage.py reset_second_factor USERNAME`: for a staff member who lost their phone and their
recovery codes. They enrol an authenticator app again at their next sign-in."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from filmsite.secondfactor import services


class Command(BaseCommand):
    help = (
        "Remove a member's authenticator app and recovery codes: they enrol again at their "
        "next sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        try:
            member = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No member is called {username!r}.") from None
        removed = services.reset(user=member, by="manage.py reset_second_factor")
        if not removed:
            self.stdout.write(f"{username} had no second factor; nothing to reset.")
            return
        self.stdout.write(
            f"Second factor reset for {username}: they enrol an authenticator app again at "
            "their next sign-in. If their password may be known to someone else, change it "
            "too (manage.py changepassword), which also ends their sessions."
        )
