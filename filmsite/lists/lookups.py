"""`ilike`: a case-insensitive substring match that PostgreSQL's trigram indexes can serve.

Django's `icontains` compares `UPPER(column)`, an expression no plain `gin_trgm_ops` index
covers, so every admin search read the whole table. `ILIKE` on the column itself is what the
trigram indexes answer. Elsewhere (SQLite) `ilike` is `icontains`.
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, TextField
from django.db.models.lookups import IContains, Lookup


class ILike(IContains):
    lookup_name = "ilike"

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        return IContains(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        if not self.is_simple_lookup:
            return self.as_sql(compiler, connection)
        # The column as it is indexed: Lookup's, not BuiltinLookup's UPPER() and cast.
        lhs_sql, lhs_params = Lookup.process_lhs(self, compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} ILIKE {rhs_sql}", (*lhs_params, *rhs_params)


def register() -> None:
    CharField.register_lookup(ILike)
    TextField.register_lookup(ILike)
