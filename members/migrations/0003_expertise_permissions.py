from django.db import migrations

from core.permissions import EDITORS, MEMBERSHIP_STAFF, grant, revoke


def forwards(apps, schema_editor):
    grant(apps, MEMBERSHIP_STAFF, "members", ["expertise", "taggedexpertise"])
    # Editors keep people's profiles (expertise included) but never membership records.
    grant(apps, EDITORS, "members", ["expertise", "taggedexpertise"], actions=("add", "change", "view"))


def backwards(apps, schema_editor):
    revoke(apps, MEMBERSHIP_STAFF, "members", ["expertise", "taggedexpertise"])
    revoke(apps, EDITORS, "members", ["expertise", "taggedexpertise"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_expertise_and_term_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
