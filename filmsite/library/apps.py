from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """A member's own films: their watchlist and the lists they make and share."""

    name = "filmsite.library"
    label = "library"
    verbose_name = "Watchlists and lists"

    def ready(self) -> None:
        from . import signals  # noqa: F401
