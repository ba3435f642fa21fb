"""The catalog's sitemap sections: published films and the people in the catalog."""

from django.db.models import QuerySet

from filmsite.sitemaps import KeyRangeSitemap

from .models import Film, Person


class FilmSitemap(KeyRangeSitemap):
    url_field = "slug"
    viewname = "catalog:film_detail"
    url_kwarg = "slug"

    def items(self) -> QuerySet[Film]:
        return Film.objects.published()


class PersonSitemap(KeyRangeSitemap):
    url_field = "slug"
    viewname = "catalog:person_detail"
    url_kwarg = "slug"

    def items(self) -> QuerySet[Person]:
        # Every person's page is public; its drafts' credits are left out of it.
        return Person.objects.all()
