"""Password rules beyond Django's validators (OWASP ASVS 4.0.3, 2.1.2: at most 128 characters)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Refuse passwords longer than `max_length` characters, and say so in the form's help."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                "This password is too long. It must contain at most %(max_length)d characters.",
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return f"Your password must contain at most {self.max_length} characters."
