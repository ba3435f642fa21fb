from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from . import media, signals  # noqa: F401
        from .models import ManagedFilesMixin

        media.remove_files_when_deleted(
            model for model in self.get_models() if issubclass(model, ManagedFilesMixin)
        )
