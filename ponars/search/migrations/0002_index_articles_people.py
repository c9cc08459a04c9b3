from django.db import migrations


def index(apps, schema_editor):
    """Triggers on the article and people tables, then index what is already there."""
    from ponars.search import schema
    from ponars.search.kinds import ARTICLE, PERSON

    schema.index_kinds(schema_editor.connection, [ARTICLE, PERSON])


def unindex(apps, schema_editor):
    from ponars.search import schema
    from ponars.search.kinds import ARTICLE, PERSON

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema.unsync(schema_editor.connection, [ARTICLE, PERSON])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("articles", "0003_groups"),
        ("members", "0001_initial"),
    ]

    operations = [migrations.RunPython(index, unindex)]
