"""The member search's index on SQLite: an FTS5 table with the trigram tokenizer over the folded text
(`Member.search_text`: the name without accents, the CCCD, the party card number), so a substring
search ("nguyen van a", 7 digits of a CCCD) reads the index instead of scanning every member.

The table is an external-content index of `members_member`; three triggers keep it in step with
every write, whoever writes (the services, the import's bulk writes, the demo, the bench generator,
raw SQL). PostgreSQL has its own trigram index (GIN, `pg_trgm`, migration 0002) and needs none of
this. A SQLite built without FTS5 falls back to the plain LIKE scan.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

TABLE = "members_member_fts"
TRIGGERS = ("members_member_fts_ai", "members_member_fts_ad", "members_member_fts_au")
# The tokenizer splits text into sequences of three characters: shorter phrases cannot use it.
MIN_LENGTH = 3

CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "search_text, content='members_member', content_rowid='id', tokenize='trigram')"
)
CREATE_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGERS[0]} AFTER INSERT ON members_member BEGIN "
    f"INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGERS[1]} AFTER DELETE ON members_member BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    # only when the text changes: most writes of a member (status, organization) leave it alone
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGERS[2]} AFTER UPDATE OF search_text ON members_member "
    "WHEN old.search_text IS NOT new.search_text BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
)
REBUILD = f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')"
DROP = (*(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS), f"DROP TABLE IF EXISTS {TABLE}")

_available: dict[str, bool] = {}


def install(execute: Any) -> bool:
    """Create the index and its triggers and fill it from the members (`execute` runs one statement).
    False when this SQLite has no FTS5 or no trigram tokenizer (3.34+): the search then scans."""
    try:
        execute(CREATE_TABLE)
    except Exception as error:  # sqlite3.OperationalError, wrapped by Django or not
        if "no such module" in str(error) or "tokenizer" in str(error):
            return False
        raise
    for statement in CREATE_TRIGGERS:
        execute(statement)
    execute(REBUILD)
    return True


def drop_triggers(execute: Any) -> None:
    """For a bulk load that rebuilds the index once at the end (bench/generate.py)."""
    for name in TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {name}")


def restore(execute: Any) -> None:
    """The triggers back and the index filled again from the table, after `drop_triggers`."""
    for statement in CREATE_TRIGGERS:
        execute(statement)
    execute(REBUILD)


def in_use() -> bool:
    """Whether the default database is SQLite with the index installed (checked once a database)."""
    if connection.vendor != "sqlite":
        return False
    name = str(connection.settings_dict["NAME"])
    if name not in _available:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
            _available[name] = cursor.fetchone() is not None
    return _available[name]


def contains(phrase: str, field: str = "") -> Q:
    """Members whose folded text contains `phrase` (already folded). On SQLite with the index, an FTS5
    phrase query (for the trigram tokenizer, a substring match); elsewhere, or for a phrase under three
    characters, `search_text LIKE %phrase%`. `field` prefixes the lookups for a related model
    ("member__")."""
    if len(phrase) < MIN_LENGTH or not in_use():
        return Q(**{f"{field}search_text__contains": phrase})
    quoted = '"' + phrase.replace('"', '""') + '"'
    return Q(**{f"{field}pk__in": RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [quoted])})
