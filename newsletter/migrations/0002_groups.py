from django.db import migrations

from core.permissions import EDITORS, grant, revoke


def forwards(apps, schema_editor):
    # Editors look after the list: export it for the mailing service, remove an address on request.
    grant(apps, EDITORS, "newsletter", ["subscriber"])


def backwards(apps, schema_editor):
    revoke(apps, EDITORS, "newsletter", ["subscriber"])


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("articles", "0003_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
