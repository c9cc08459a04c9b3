from django.db import migrations

from core.permissions import EDITORS, grant, revoke

PODCAST_MODELS = ["show", "series", "episode", "episodeguest"]


def forwards(apps, schema_editor):
    grant(apps, EDITORS, "podcasts", PODCAST_MODELS)


def backwards(apps, schema_editor):
    revoke(apps, EDITORS, "podcasts", PODCAST_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("podcasts", "0001_initial"),
        ("articles", "0003_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
