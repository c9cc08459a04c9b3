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


def unindex(apps, schema_editor):
    """Before the apps' vocabulary migrations are undone (they drop `name_ru`): triggers that
    read only the English names."""
    from ponars.search import schema
    from ponars.search.kinds import Dialect

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema.sync(
            connection, schema.available_kinds(connection), Dialect(connection.vendor, frozenset())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0011_dates_hub_pages"),
        ("articles", "0010_vocabulary"),
        ("events", "0008_vocabulary"),
        ("podcasts", "0007_vocabulary"),
        ("resources", "0005_vocabulary"),
    ]

    operations = [migrations.RunPython(index, unindex)]
