from django.db import migrations

KINDS = ("ARTICLE", "EPISODE", "EVENT", "LECTURE", "BOOK", "SYLLABUS")


def index(apps, schema_editor):
    """Topics and series have a Russian name (the apps' vocabulary migrations): the index
    holds both, so a search in either language finds what they name (on SQLite the
    post-migrate `ensure()` re-makes the triggers)."""
    from ponars.search import kinds, schema

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        chosen = [getattr(kinds, name) for name in KINDS]
        available = [kind for kind in schema.available_kinds(connection) if kind in chosen]
        schema.sync(connection, schema.available_kinds(connection))
        schema.rebuild(connection, available)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_unaccent_for_restores"),
        ("articles", "0010_vocabulary"),
        ("events", "0007_vocabulary"),
        ("podcasts", "0006_vocabulary"),
        ("resources", "0005_vocabulary"),
    ]

    operations = [migrations.RunPython(index, migrations.RunPython.noop)]
