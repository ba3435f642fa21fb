from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic catalogs for demos and benchmarks: films, people, members and reviews."""

    name = "filmsite.demo"
    label = "demo"
    verbose_name = "Demo data"
