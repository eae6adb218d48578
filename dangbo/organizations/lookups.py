"""`path__under`: the rows of a subtree by their materialised path ("/1/7/23/").

On PostgreSQL it is `startswith` (LIKE 'prefix%'), which the varchar_pattern_ops indexes of
members migration 0002 serve; a range there would follow the database collation, which may ignore
"/". On SQLite, LIKE is case-insensitive and cannot use a plain index, so a subtree filter scanned
every version; there it becomes a range, path >= '/1/7/' AND path < '/1/70' ("0" follows "/"),
which the path index answers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Lookup
from django.db.models.lookups import StartsWith


class Under(Lookup):
    lookup_name = "under"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_sqlite(self, compiler: Any, connection: Any) -> Any:
        prefix = self.rhs
        if not isinstance(prefix, str) or not prefix.endswith("/"):
            # an expression, or not a path: plain startswith
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        upper = prefix[:-1] + chr(ord("/") + 1)
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, upper]


def register() -> None:
    CharField.register_lookup(Under)
