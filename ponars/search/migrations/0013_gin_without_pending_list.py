from django.db import migrations


def forwards(apps, schema_editor):
    """The search's GIN indexes take new entries directly and their pending lists are merged
    (see `schema.direct_gin_updates`)."""
    from ponars.search import schema

    schema.direct_gin_updates(schema_editor.connection, on=True)


def backwards(apps, schema_editor):
    from ponars.search import schema

    schema.direct_gin_updates(schema_editor.connection, on=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0012_bilingual_names")]

    operations = [migrations.RunPython(forwards, backwards)]
