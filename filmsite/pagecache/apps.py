from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Versions that name cached pages: every write that changes a page changes its version."""

    name = "filmsite.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from . import signals  # noqa: F401
