"""SQLite only: the FTS5 trigram index of the members' folded text and the triggers that keep it in
step with every write (dangbo/members/fulltext.py). PostgreSQL has its GIN trigram index (0002)."""

from django.db import migrations

from dangbo.members import fulltext


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        fulltext.install(schema_editor.execute)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in fulltext.DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_event_corrections")]

    operations = [migrations.RunPython(forward, backward)]
