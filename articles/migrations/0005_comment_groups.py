from django.db import migrations

from core.permissions import EDITORS, grant, revoke


def forwards(apps, schema_editor):
    # Editors moderate (view, change) comments; they never add or delete them (the admin
    # refuses both: "Remove" is a status). They keep the blocklist in full.
    grant(apps, EDITORS, "articles", ["comment"], actions=("view", "change"))
    grant(apps, EDITORS, "articles", ["blockedterm"])


def backwards(apps, schema_editor):
    revoke(apps, EDITORS, "articles", ["comment", "blockedterm"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_comments"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
