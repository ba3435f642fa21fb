from django.apps import AppConfig


class ListsConfig(AppConfig):
    """Machinery every list page shares: sorting FilterSets, cheap pagination, page links."""

    name = "filmsite.lists"
    label = "lists"
    verbose_name = "Lists"

    def ready(self) -> None:
        from . import lookups

        lookups.register()
