from django.db import migrations

from core.permissions import EDITORS, MEMBERSHIP_STAFF, grant, revoke

RESOURCE_MODELS = ["book", "bookauthor", "syllabus", "syllabusinstructor", "hubentry", "topic"]


def forwards(apps, schema_editor):
    # Editors manage the Bookstore, Syllabi and Knowledge Hub like articles.
    grant(apps, EDITORS, "resources", RESOURCE_MODELS)
    # Membership staff may look, not publish.
    grant(apps, MEMBERSHIP_STAFF, "resources", ["book", "syllabus"], actions=("view",))


def backwards(apps, schema_editor):
    revoke(apps, EDITORS, "resources", RESOURCE_MODELS)
    revoke(apps, MEMBERSHIP_STAFF, "resources", ["book", "syllabus"])


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
