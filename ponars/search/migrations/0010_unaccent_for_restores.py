from django.db import migrations


def forwards(apps, schema_editor):
    """search_unaccent() names unaccent's schema, so that pg_restore can rebuild its index."""
    from ponars.search import schema

    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(schema.unaccent_function(schema_editor.connection))


class Migration(migrations.Migration):
    dependencies = [("search", "0009_lectures_status")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
