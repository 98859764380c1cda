"""SQLite's full-text tables gather up to 16 MB of new words in memory before writing them out.

FTS5 writes its pending words to disk as a new segment each time they pass its buffer (1 MB by
default), and merges segments as they pile up. A JSON import of 100,000 notes filled the
buffer dozens of times and spent about 2 s of its 8 in those writes and merges; with 16 MB it
writes each table's words once, when the import commits. The buffer is only used while a
transaction writes, and an everyday save adds a few hundred bytes to it. The setting is kept
in each table's own configuration, so it holds for every connection. PostgreSQL's GIN index
is untouched.
"""

from django.db import migrations

KINDS = ["person", "organization", "note", "interview", "takeaway", "message"]
BUFFER_BYTES = 16 * 1024 * 1024
FTS5_DEFAULT_BYTES = 1024 * 1024


def _set_buffer(schema_editor, size):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for kind in KINDS:
            table = f"network_searchentry_fts_{kind}"
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', %s)", [size])


def larger_buffer(apps, schema_editor):
    _set_buffer(schema_editor, BUFFER_BYTES)


def default_buffer(apps, schema_editor):
    _set_buffer(schema_editor, FTS5_DEFAULT_BYTES)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0008_redundant_indexes"),
    ]

    operations = [
        migrations.RunPython(larger_buffer, default_buffer),
    ]
