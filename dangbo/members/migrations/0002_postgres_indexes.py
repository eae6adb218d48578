"""PostgreSQL-only indexes: prefix search on materialised paths under any collation, and trigram
search on the folded member text. SQLite uses the plain indexes of 0001."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS orgversion_path_pattern ON organizations_organizationversion "
    "(path varchar_pattern_ops, valid_from, valid_to)",
    "CREATE INDEX IF NOT EXISTS organization_path_pattern ON organizations_organization (path varchar_pattern_ops)",
    "CREATE INDEX IF NOT EXISTS member_search_trgm ON members_member USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS memberperiod_dates_org ON members_memberperiod (valid_from, valid_to, organization_id)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS memberperiod_dates_org",
    "DROP INDEX IF EXISTS member_search_trgm",
    "DROP INDEX IF EXISTS organization_path_pattern",
    "DROP INDEX IF EXISTS orgversion_path_pattern",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("organizations", "0001_initial"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
