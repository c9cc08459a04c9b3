from django.db import migrations


def index(apps, schema_editor):
    """Events and Online Academy lectures join the index: triggers on the events tables,
    then what is there."""
    from ponars.search import schema
    from ponars.search.kinds import EVENT, LECTURE

    schema.index_kinds(schema_editor.connection, [EVENT, LECTURE])


def unindex(apps, schema_editor):
    from ponars.search import schema
    from ponars.search.kinds import EVENT, LECTURE

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema.unsync(schema_editor.connection, [EVENT, LECTURE])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_language_documents"),
        ("events", "0002_groups"),
    ]

    operations = [migrations.RunPython(index, unindex)]
