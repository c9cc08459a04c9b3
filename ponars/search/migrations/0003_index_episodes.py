from django.db import migrations


def index(apps, schema_editor):
    """Podcast episodes join the index: triggers on the podcast tables, then what is there."""
    from ponars.search import schema
    from ponars.search.kinds import EPISODE

    schema.index_kinds(schema_editor.connection, [EPISODE])


def unindex(apps, schema_editor):
    from ponars.search import schema
    from ponars.search.kinds import EPISODE

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema.unsync(schema_editor.connection, [EPISODE])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_index_articles_people"),
        ("podcasts", "0002_groups"),
    ]

    operations = [migrations.RunPython(index, unindex)]
