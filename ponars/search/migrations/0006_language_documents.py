from django.db import migrations


def forwards(apps, schema_editor):
    """One vector column per language, each with its word pairs (see schema.py)."""
    from ponars.search import schema

    schema.install_language_documents(schema_editor.connection)


def backwards(apps, schema_editor):
    from ponars.search import schema

    schema.uninstall_language_documents(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_people_dated_by_creation")]

    operations = [migrations.RunPython(forwards, backwards)]
