from django.db import migrations

from core.permissions import EDITORS, MEMBERSHIP_STAFF, grant, revoke

ARTICLE_MODELS = ["article", "category", "topic", "byline", "taggedarticle"]


def forwards(apps, schema_editor):
    grant(apps, EDITORS, "articles", ARTICLE_MODELS)
    grant(apps, EDITORS, "flatpages", ["flatpage"])
    grant(apps, EDITORS, "taggit", ["tag"])
    # Editors pick and add authors, but never touch membership records.
    grant(apps, EDITORS, "members", ["person"], actions=("add", "change", "view"))
    grant(apps, MEMBERSHIP_STAFF, "members", ["person", "membership"])
    grant(apps, MEMBERSHIP_STAFF, "articles", ["article"], actions=("view",))


def backwards(apps, schema_editor):
    revoke(apps, EDITORS, "articles", ARTICLE_MODELS)
    revoke(apps, EDITORS, "flatpages", ["flatpage"])
    revoke(apps, EDITORS, "taggit", ["tag"])
    revoke(apps, EDITORS, "members", ["person"])
    revoke(apps, MEMBERSHIP_STAFF, "members", ["person", "membership"])
    revoke(apps, MEMBERSHIP_STAFF, "articles", ["article"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("members", "0001_initial"),
        ("flatpages", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
