from django.db import migrations

from core.permissions import EDITORS, NEWSLETTER, grant, revoke

# Export the list for the mailing service, unsubscribe or erase an address on request. No "add":
# an address only joins by confirming it.
ACTIONS = ("view", "change", "delete")


def forwards(apps, schema_editor):
    # Subscribers' addresses are personal data: they leave the Editors group for a group of
    # their own, which has no members until a superuser adds someone.
    grant(apps, NEWSLETTER, "newsletter", ["subscriber"], actions=ACTIONS)
    revoke(apps, EDITORS, "newsletter", ["subscriber"])


def backwards(apps, schema_editor):
    grant(apps, EDITORS, "newsletter", ["subscriber"])
    apps.get_model("auth", "Group").objects.filter(name=NEWSLETTER).delete()


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0002_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
