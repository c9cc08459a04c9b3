from django.db import migrations


def forwards(apps, schema_editor):
    """Word pairs move out of the document vectors into their own columns (see schema.py)."""
    from ponars.search import schema

    schema.separate_word_pairs(schema_editor.connection)


def backwards(apps, schema_editor):
    from ponars.search import schema

    schema.join_word_pairs(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_index_events")]

    operations = [migrations.RunPython(forwards, backwards)]
