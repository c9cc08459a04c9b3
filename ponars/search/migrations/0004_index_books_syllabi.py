from django.db import migrations


def index(apps, schema_editor):
    """Books and course syllabi join the index: triggers on the resources tables, then rows."""
    from ponars.search import schema
    from ponars.search.kinds import BOOK, SYLLABUS

    schema.index_kinds(schema_editor.connection, [BOOK, SYLLABUS])


def unindex(apps, schema_editor):
    from ponars.search import schema
    from ponars.search.kinds import BOOK, SYLLABUS

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema.unsync(schema_editor.connection, [BOOK, SYLLABUS])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_index_episodes"),
        ("resources", "0002_groups"),
    ]

    operations = [migrations.RunPython(index, unindex)]
