"""Reader comments move to the comments app (issue 14).

Every comment and blocklist entry is copied with its id (replies keep their parent, emailed
unsubscribe links and admin links keep working): status, moderation (who, when, note), IP
address and user agent, dates, all as stored. A comment's article becomes its item (content
type "articles | article", object id = the article's id). The content types of the two models
are renamed from `articles` to `comments`, so their permissions, the Editors group's rights,
users' own rights and the admin's history move with them. The waiting daily purge task is
pointed at its new module. Reversible while every comment is on an article.
"""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

OLD, NEW = "articles", "comments"
MODELS = ["comment", "blockedterm"]
COMMENT_FIELDS = [
    "id",
    "parent",
    "name",
    "email",
    "website",
    "body",
    "body_html",
    "status",
    "notify_replies",
    "ip_address",
    "user_agent",
    "created",
    "moderated_by",
    "moderated_at",
    "moderation_note",
]
TERM_FIELDS = ["id", "kind", "value", "note", "created"]
PURGE_TASK = {OLD: "articles.tasks.purge_comment_data", NEW: "comments.tasks.purge_comment_data"}


def copy_rows(connection, source, target, pairs, constants=()):
    """INSERT INTO target … SELECT … FROM source: every row in one statement, ids included.
    `pairs` are (target field, source field) names; `constants` (target field, value)."""
    qn = connection.ops.quote_name
    into = [target._meta.get_field(t).column for t, _ in pairs]
    into += [target._meta.get_field(t).column for t, _ in constants]
    select = [qn(source._meta.get_field(s).column) for _, s in pairs] + ["%s"] * len(constants)
    sql = (
        f"INSERT INTO {qn(target._meta.db_table)} ({', '.join(qn(c) for c in into)}) "
        f"SELECT {', '.join(select)} FROM {qn(source._meta.db_table)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _, value in constants])


def empty(connection, *models):
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")


def reset_sequences(connection, *models):
    """The rows came with their ids: the next new row must get a higher one (PostgreSQL)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def move_content_types(apps, from_label, to_label):
    """Rename the models' content types; where the other app's already exist (made by an earlier
    `migrate`), move the permissions, group and user rights and admin history to them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    LogEntry = apps.get_model("admin", "LogEntry")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=to_label, model=model).first()
        if new is None:
            old.app_label = to_label
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for group in Group.objects.filter(permissions=permission):
                group.permissions.add(twin)
            for user in User.objects.filter(user_permissions=permission):
                user.user_permissions.add(twin)
            permission.delete()
        LogEntry.objects.filter(content_type=old).update(content_type=new)
        old.delete()
    # Both the migration state's and the running process's caches may hold the old names.
    ContentType.objects.clear_cache()
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()


def point_purge_task(apps, from_label, to_label):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=PURGE_TASK[from_label], status="READY").update(
        task_path=PURGE_TASK[to_label]
    )


def article_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=OLD, model="article")[0]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    old_comment, new_comment = apps.get_model(OLD, "Comment"), apps.get_model(NEW, "Comment")
    old_term, new_term = apps.get_model(OLD, "BlockedTerm"), apps.get_model(NEW, "BlockedTerm")
    pairs = [(name, name) for name in TERM_FIELDS]
    copy_rows(connection, old_term, new_term, pairs)
    pairs = [(name, name) for name in COMMENT_FIELDS] + [("object_id", "article")]
    constants = [("content_type", article_type(apps).pk)]
    copy_rows(connection, old_comment, new_comment, pairs, constants)
    reset_sequences(connection, new_term, new_comment)
    move_content_types(apps, OLD, NEW)
    point_purge_task(apps, OLD, NEW)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    old_comment, new_comment = apps.get_model(OLD, "Comment"), apps.get_model(NEW, "Comment")
    old_term, new_term = apps.get_model(OLD, "BlockedTerm"), apps.get_model(NEW, "BlockedTerm")
    elsewhere = new_comment.objects.exclude(content_type=article_type(apps)).count()
    if elsewhere:
        raise RuntimeError(
            f"{elsewhere} comment(s) are on podcast episodes, events or other items, which the "
            "articles app's comment table cannot hold; nothing was changed."
        )
    copy_rows(connection, new_term, old_term, [(name, name) for name in TERM_FIELDS])
    pairs = [(name, name) for name in COMMENT_FIELDS] + [("article", "object_id")]
    copy_rows(connection, new_comment, old_comment, pairs)
    empty(connection, new_comment, new_term)
    reset_sequences(connection, old_term, old_comment)
    move_content_types(apps, NEW, OLD)
    point_purge_task(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_checked_uploads"),
        ("comments", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
