"""Admin change-list search boxes that a hostile search term cannot break.

SQLite refuses a LIKE pattern over 50,000 bytes: a longer term in `?q=` was a 500. (A NUL
never gets that far: the admin's search form refuses it.)
"""

MAX_SEARCH_LENGTH = 200


class BoundedSearchMixin:
    """A ModelAdmin mixin: the search term stops at MAX_SEARCH_LENGTH characters."""

    def get_search_results(self, request, queryset, search_term: str):
        search_term = search_term[:MAX_SEARCH_LENGTH]
        return super().get_search_results(request, queryset, search_term)
