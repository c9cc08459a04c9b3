from django.db import migrations


def reindex_people(apps, schema_editor):
    """People rows now carry their creation time (so no row sorts as NULL); re-derive them.
    On SQLite every migrate re-indexes anyway (see apps.py)."""
    from ponars.search import schema
    from ponars.search.kinds import PERSON

    if schema_editor.connection.vendor == "postgresql":
        schema.sync(schema_editor.connection)
        schema.rebuild(schema_editor.connection, [PERSON])


class Migration(migrations.Migration):
    dependencies = [("search", "0004_index_books_syllabi")]

    operations = [migrations.RunPython(reindex_people, migrations.RunPython.noop)]
