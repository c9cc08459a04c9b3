from django.db import migrations

from core.permissions import EDITORS, MEMBERSHIP_STAFF, grant, revoke

EVENT_MODELS = ["series", "event", "participant", "lecturetopic", "lecture"]


def forwards(apps, schema_editor):
    grant(apps, EDITORS, "events", EVENT_MODELS)
    grant(apps, MEMBERSHIP_STAFF, "events", ["event", "lecture"], actions=("view",))


def backwards(apps, schema_editor):
    revoke(apps, EDITORS, "events", EVENT_MODELS)
    revoke(apps, MEMBERSHIP_STAFF, "events", ["event", "lecture"], actions=("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("articles", "0003_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
