"""Admin change lists that a hostile query string cannot break, and that stay fast on tables
of millions of rows.

The admin counts every matching row twice per page (the filtered count and the full one) and
pages with OFFSET: on a million reviews each count read the whole table. Here a change list
counts at most COUNT_CAP + 1 rows (an unfiltered one on PostgreSQL reads the planner's row
estimate instead), says "more than 1,000" or "about 1,000,000" rather than a false exact
figure, and offers the pages those rows fill; narrowing by a filter or a search is the way on,
as on GitHub's search, which shows 1,000 results at most. Counting 10,000 rows of a filter
that no index serves (a certificate, a kind of credit) took 50-60 ms of a 200 ms budget.

SQLite refuses a LIKE pattern over 50,000 bytes and PostgreSQL any NUL in a query: a long
`?q=` or a NUL in a filter's value (`?status__exact=%00`) was a 500. The admin's search form
refuses NUL in `q` itself; filters have no form.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import IntegerField, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object  # the mixin goes before ModelAdmin in a class's bases

MAX_SEARCH_LENGTH = 200
COUNT_CAP = 1_000
# A search through a relation ("film__title") matches the related rows first, once; up to
# ARRAY_IDS_CAP of their integer ids go into the page's queries as one parameter, a list
# spelled as IDS_AS_ONE_PARAMETER says, which the database hashes; past that, the related
# rows are matched again in a subquery. On PostgreSQL up to RELATED_IDS_CAP go in as a plain
# list instead, which an index answers inside an OR. SQLite takes at most 32,766 parameters
# in a query: forty words, each matching a thousand rows as a plain list, passed it.
RELATED_IDS_CAP = 1_000
ARRAY_IDS_CAP = 100_000
IDS_AS_ONE_PARAMETER = {
    # psycopg quotes a list element by element (20 ms for 21,000 ids): one string instead.
    "postgresql": ("SELECT unnest(string_to_array(%s, ',')::bigint[])", "{}"),
    "sqlite": ("SELECT value FROM json_each(%s)", "[{}]"),
}
# Django's search-field prefixes, as lookups.
PREFIX_LOOKUPS = {"^": "istartswith", "=": "iexact", "@": "search"}
# Below this many rows (by the planner's estimate) an unfiltered table is counted exactly.
ESTIMATE_ABOVE = 100_000


class CappedCountPaginator(Paginator):
    """A change list's paginator that never counts more than COUNT_CAP + 1 rows.

    `count` is exact when `count_is_exact`; otherwise it is the planner's estimate of an
    unfiltered table (`count_is_estimate`) or COUNT_CAP + 1, meaning "more than COUNT_CAP".
    Pages stop where COUNT_CAP rows end, so no page costs a deep OFFSET.
    """

    object_list: QuerySet[Any]

    @cached_property
    def _counted(self) -> tuple[int, str]:
        queryset = self.object_list
        estimate = self._planner_estimate(queryset)
        if estimate is not None and estimate > ESTIMATE_ABOVE:
            return estimate, "estimate"
        # Only the keys: a sliced query keeps its annotations, and the reviews' correlated
        # count of open reports, run for each counted row, cost 370 ms of a count.
        count = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
        return count, "capped" if count > COUNT_CAP else "exact"

    @staticmethod
    def _planner_estimate(queryset: QuerySet[Any]) -> int | None:
        """pg_class's row estimate for an unfiltered change list's table, else None."""
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where or queryset.query.distinct:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            row = cursor.fetchone()
        return int(row[0]) if row and row[0] > 0 else None

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def count_is_exact(self) -> bool:
        return self._counted[1] == "exact"

    @property
    def count_label(self) -> str:
        count, kind = self._counted
        if kind == "estimate":
            return f"about {count:,}"
        if kind == "capped":
            return f"more than {COUNT_CAP:,}"
        return f"{count:,}"

    @property
    def reachable_label(self) -> str:
        """How many rows the pages reach, as the pagination's note says it."""
        return f"{min(self.count, COUNT_CAP):,}"

    @cached_property
    def num_pages(self) -> int:
        reachable = Paginator(range(min(self.count, COUNT_CAP)), self.per_page, self.orphans)
        return max(reachable.num_pages, 1)


class QuickLinksChangeList(ChangeList):
    """Django's ChangeList, whose rows link to their change pages for a fraction of the cost.

    Django reverses the change URL for each link of each row, then, on a filtered or searched
    list, resolves that URL again to add the list's filters to it: 300 reverses and 300
    resolves on a page of credits (three links a row), a third of its rendering time. Here the
    URL, filters included, is made once per page around a placeholder, and each row's integer
    key goes in its place. `preserved_filters` is emptied so that Django's template tag adds
    nothing more; rows with other keys get Django's URL with the filters added the same way.
    """

    PLACEHOLDER = "~pk~"  # survives reverse() and the filters' query string as it is

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_link_filters, self.preserved_filters = self.preserved_filters, ""

    def _with_filters(self, url: str) -> str:
        context: dict[str, Any] = {"preserved_filters": self.row_link_filters, "opts": self.opts}
        return add_preserved_filters(context, url)

    @cached_property
    def _change_url_around_key(self) -> tuple[str, str]:
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(self.PLACEHOLDER,),
            current_app=self.model_admin.admin_site.name,
        )
        before, _, after = self._with_filters(url).partition(self.PLACEHOLDER)
        return before, after

    def url_for_result(self, result: Model) -> str:
        pk = getattr(result, self.pk_attname)
        if type(pk) is not int:  # a string key needs the admin's quoting: Django's way
            return self._with_filters(super().url_for_result(result))
        before, after = self._change_url_around_key
        return f"{before}{pk}{after}"


class GuardedChangeListMixin(_ModelAdmin):
    """A ModelAdmin mixin: search terms stop at MAX_SEARCH_LENGTH characters, a NUL in a
    filter's value gets the admin's answer to an invalid filter (one in the search, Django's
    search form's message), counts are capped (CappedCountPaginator; the templates in
    templates/admin/ print its `count_label`), and rows link for less (QuickLinksChangeList).

    Facets (a count per filter choice over the whole table) are off for the same reason.
    """

    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def action_checkbox(self, obj: Any) -> SafeString:
        """Django's checkbox, written out: rendered through the widget's template it cost
        about a millisecond a row, a tenth of a 100-row page's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return QuickLinksChangeList

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        # Django's search form refuses a NUL in the search itself, saying so, filters kept.
        if any(
            "\x00" in value
            for name, values in request.GET.lists()
            if name != SEARCH_VAR
            for value in values
        ):
            raise IncorrectLookupParameters("NUL in the query string")
        return super().get_changelist_instance(request)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """Each word must match one of `search_fields`, as in Django's admin, but never
        through a join: a field across a relation ("film__title") is matched on the related
        table first (its own index), then as the foreign key's ids, so that every branch of
        the OR is an index scan of this table. Plain fields match with `ilike`, which the
        trigram indexes serve. Nothing is duplicated, so no DISTINCT is needed.
        """
        search_term = search_term[:MAX_SEARCH_LENGTH]
        search_fields = self.get_search_fields(request)
        if not search_fields or not search_term:
            return queryset, False
        words = set()
        for word in smart_split(search_term):
            if word[:1] in "\"'" and len(word) > 1 and word[-1] == word[0]:
                word = unescape_string_literal(word)
            if word in words:  # "a a a …": the same condition again, and its related search
                continue
            words.add(word)
            condition = Q()
            for field_path in search_fields:
                condition |= search_condition(self.model, field_path, word)
            queryset = queryset.filter(condition)
        return queryset, False


def search_condition(model: type[Model], field_path: str, word: str) -> Q:
    """The condition that `word` matches `field_path` of `model` (see get_search_results)."""
    lookup = PREFIX_LOOKUPS.get(field_path[:1])
    if lookup:
        field_path = field_path[1:]
    relation, _, rest = field_path.partition("__")
    field = model._meta.get_field(relation)
    if field.is_relation and rest:
        related = field.related_model
        assert isinstance(related, type)  # a real model, not "self"
        matching = related._default_manager.filter(search_condition(related, rest, word))
        vendor = connections[matching.db].vendor
        integer_keys = isinstance(related._meta.pk, IntegerField)
        one_parameter = IDS_AS_ONE_PARAMETER.get(vendor) if integer_keys else None
        cap = ARRAY_IDS_CAP if one_parameter else RELATED_IDS_CAP
        ids = list(matching.order_by().values_list("pk", flat=True)[: cap + 1])
        if len(ids) > cap:  # so common a word that the related table is better read again
            return Q(**{f"{relation}__in": matching.values("pk")})
        if one_parameter and (vendor != "postgresql" or len(ids) > RELATED_IDS_CAP):
            # "Hale" named 21,308 of 340,000 people: matched in a subquery, the person
            # search ran again in the count and in the page, 40 ms each time.
            sql, spelling = one_parameter
            listed = RawSQL(sql, (spelling.format(",".join(map(str, ids))),))
            return Q(**{f"{relation}__in": listed})
        return Q(**{f"{relation}__in": ids})
    if rest:  # an explicit lookup: "title__ilike", "tconst__exact"
        return Q(**{field_path: word})
    return Q(**{f"{field_path}__{lookup or 'ilike'}": word})
