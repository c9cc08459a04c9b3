from django.db import migrations


def index(apps, schema_editor):
    """Lectures' visibility is read from `status` since events 0005-0006 replaced `is_published`:
    their triggers and rows are made again from the code (on SQLite by the post-migrate
    `ensure()`, see apps.py)."""
    from ponars.search import schema
    from ponars.search.kinds import LECTURE

    schema.index_kinds(schema_editor.connection, [LECTURE])


def unindex(apps, schema_editor):
    from ponars.search import schema
    from ponars.search.kinds import LECTURE

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema.unsync(schema_editor.connection, [LECTURE])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_separate_word_pairs"),
        ("events", "0006_lectures_status_only"),
    ]

    operations = [migrations.RunPython(index, unindex)]
