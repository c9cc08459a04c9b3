import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """After 0004's data migration, in a transaction of its own: on PostgreSQL a table whose
    rows that migration changed cannot be altered before its deferred checks have run."""

    dependencies = [
        ("events", "0005_publishable"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="lecture",
            name="is_published",
        ),
        migrations.AlterField(
            model_name="participant",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="credits",
                to="events.event",
            ),
        ),
        migrations.AlterField(
            model_name="participant",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)s_credits",
                to="members.person",
            ),
        ),
        migrations.AddConstraint(
            model_name="lecture",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["draft", "published"])),
                name="lecture_status_valid",
            ),
        ),
    ]
