from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import media, search, signals  # noqa: F401
        from .models import ManagedFilesMixin

        connection_created.connect(search.register_fold)
        media.remove_files_when_deleted(
            model for model in self.get_models() if issubclass(model, ManagedFilesMixin)
        )
