from django.db import migrations

from core.permissions import EDITORS, grant, revoke


def forwards(apps, schema_editor):
    # Editors make and withdraw preview links of what they edit.
    grant(apps, EDITORS, "core", ["previewlink"])


def backwards(apps, schema_editor):
    revoke(apps, EDITORS, "core", ["previewlink"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_previewlink"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
