"""Admin change lists that a hostile query string cannot break.

SQLite refuses a LIKE pattern over 50,000 bytes and PostgreSQL any NUL in a query: a long
`?q=` or a NUL in a filter's value (`?status__exact=%00`) was a 500. The admin's search form
refuses NUL in `q` itself; filters have no form.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object  # the mixin goes before ModelAdmin in a class's bases

MAX_SEARCH_LENGTH = 200


class GuardedChangeListMixin(_ModelAdmin):
    """A ModelAdmin mixin: search terms stop at MAX_SEARCH_LENGTH characters, and a NUL
    anywhere in the query string gets the admin's answer to an invalid filter."""

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        if any("\x00" in value for _, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("NUL in the query string")
        return super().get_changelist_instance(request)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        search_term = search_term[:MAX_SEARCH_LENGTH]
        return super().get_search_results(request, queryset, search_term)
