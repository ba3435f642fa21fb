from django.apps import AppConfig


class OpenWebConfig(AppConfig):
    name = "filmsite.openweb"
    verbose_name = "Open web"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
