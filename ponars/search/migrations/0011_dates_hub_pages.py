from django.db import migrations, models


def index(apps, schema_editor):
    """Knowledge Hub entries and the editable pages join the index; books and syllabi are
    re-dated by their year and term, events get their zone. (Articles, episodes, lectures and
    people keep their rows: their new columns stay empty, so a large index is not rewritten.)"""
    from ponars.search import schema
    from ponars.search.kinds import BOOK, EVENT, HUB, PAGE, SYLLABUS

    schema.index_kinds(schema_editor.connection, [HUB, PAGE, BOOK, SYLLABUS, EVENT])


def unindex(apps, schema_editor):
    from ponars.search import schema
    from ponars.search.kinds import HUB, PAGE

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema.unsync(schema_editor.connection, [HUB, PAGE])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_unaccent_for_restores"),
        ("resources", "0004_credits"),
        ("flatpages", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="time_zone",
            field=models.CharField(
                blank=True, help_text="An event's own zone, where its date is shown.", max_length=64
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="date_label",
            field=models.CharField(
                blank=True,
                help_text="The date as read when it is not a day: “2023”, “Fall 2022”.",
                max_length=60,
            ),
        ),
        migrations.RunPython(index, unindex),
    ]
